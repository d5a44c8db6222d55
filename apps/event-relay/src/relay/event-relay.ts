import { type RecordedEvent } from '@ledger/event-store';
import { type AppLogger } from '@ledger/platform';
import { setTimeout as sleep } from 'node:timers/promises';
import { type LeaderTerm, type Leadership } from './leadership';
import { relayFromCheckpoint, type RelayPass } from './relay-from-checkpoint';
import { type RelayMetrics } from './relay-metrics';

export type RelayRole = 'standby' | 'leader' | 'stopped';

/** Why the leader is not publishing right now; cleared by the next acknowledged batch. */
export interface RelayFailure {
  readonly error: string;
  readonly since: Date;
  readonly attempts: number;
}

export interface EventRelayOptions extends Omit<RelayPass, 'onBatch'> {
  readonly leadership: Leadership;
  /** Runs when this instance becomes leader, before relaying (checkpoint table, topics); retried like a pass. */
  readonly prepare: () => Promise<void>;
  readonly metrics: RelayMetrics;
  readonly logger: AppLogger;
}

/**
 * Waiting before a failed pass is retried from the checkpoint. The first retry comes soon, to
 * ride out a blip (kafkajs has already retried for about 3 s by then); doubling up to 10 s
 * covers a broker restart or a Kafka leader election without hammering a cluster that is down,
 * and still notices its recovery within 10 s.
 */
function retryDelayMs(failures: number): number {
  return Math.min(500 * 2 ** (failures - 1), 10_000);
}

/**
 * The relay process: a standby until it wins the leadership, then the leader relaying `$all`
 * to the broker until it stops or loses the leadership, then a standby again.
 */
export class EventRelay {
  private readonly stopping = new AbortController();
  private running: Promise<void> | undefined;
  private currentRole: RelayRole = 'standby';
  private currentFailure: RelayFailure | undefined;
  private readonly pass: RelayPass;

  constructor(private readonly options: EventRelayOptions) {
    this.pass = { ...options, onBatch: (batch, seconds) => this.published(batch, seconds) };
  }

  get role(): RelayRole {
    return this.currentRole;
  }

  get failure(): RelayFailure | undefined {
    return this.currentFailure;
  }

  start(): void {
    this.running ??= this.run().catch((error: unknown) => {
      this.currentRole = 'stopped';
      this.options.logger.fatal({ err: error }, 'relay stopped by an unexpected error');
    });
  }

  /** Finishes the batch in hand, saves its checkpoint and releases the leadership. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running;
    this.currentRole = 'stopped';
  }

  private async run(): Promise<void> {
    while (!this.stopping.signal.aborted) {
      this.currentRole = 'standby';
      const term = await this.options.leadership.campaign(this.stopping.signal);
      if (term === undefined) break;
      try {
        await this.lead(term);
      } finally {
        this.currentFailure = undefined;
        await term.resign();
      }
    }
    this.currentRole = 'stopped';
  }

  private async lead(term: LeaderTerm): Promise<void> {
    this.currentRole = 'leader';
    const signals = { stop: this.stopping.signal, lost: term.lost };
    const halt = AbortSignal.any([signals.stop, signals.lost]);
    let prepared = false;
    while (!halt.aborted) {
      try {
        if (!prepared) await this.options.prepare();
        prepared = true;
        await relayFromCheckpoint(this.pass, signals);
      } catch (error) {
        const failures = this.failed(error);
        await sleep(retryDelayMs(failures), undefined, { signal: halt }).catch(() => undefined);
      }
    }
  }

  private published(batch: readonly RecordedEvent[], seconds: number): void {
    this.currentFailure = undefined;
    this.options.metrics.batchPublished(batch, seconds);
    this.options.logger.debug(
      { from: batch[0]?.position.toString(), to: batch.at(-1)?.position.toString(), events: batch.length, publishMs: Math.round(seconds * 1_000) },
      'batch published',
    );
  }

  private failed(error: unknown): number {
    const attempts = (this.currentFailure?.attempts ?? 0) + 1;
    const message = error instanceof Error ? error.message : String(error);
    this.currentFailure = { error: message, since: this.currentFailure?.since ?? new Date(), attempts };
    this.options.metrics.passFailed();
    this.options.logger.warn({ err: error, attempts, retryInMs: retryDelayMs(attempts) }, 'relay pass failed; retrying from the checkpoint');
    return attempts;
  }
}
