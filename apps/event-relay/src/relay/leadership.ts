/**
 * Exactly one active relay: instances campaign, one leads, the others wait as hot standbys.
 *
 * Guarantees:
 * - At most one instance holds a term at a time, as far as the lock's server can tell; a leader
 *   cut off from it learns so through `lost` (promptly when its session breaks, within the
 *   heartbeat timeout when the network goes silent) and must stop at once. The lock is not a
 *   fencing token: a leader paused past its session timeout may still finish one batch beside
 *   its successor, which at-least-once delivery tolerates (a duplicate, never a loss).
 * - A standby takes over once the leader's session is gone: crashed, killed, resigned, or
 *   silent past the server's session timeout.
 */
export interface Leadership {
  /** Waits as a standby until this instance leads; `undefined` when `cancel` aborts first. */
  campaign(cancel: AbortSignal): Promise<LeaderTerm | undefined>;
}

export interface LeaderTerm {
  /** Aborts the moment the leadership can no longer be vouched for. */
  readonly lost: AbortSignal;
  /** Gives the leadership up, so a standby takes over without waiting for a timeout. */
  resign(): Promise<void>;
}
