/** Seconds since the oldest unpublished event was recorded; 0 when caught up. The store's clock stamped it: a clock of this host behind it must not show a negative age. */
export function ageInSeconds(recordedAt: Date | undefined, now: number = Date.now()): number {
  return recordedAt === undefined ? 0 : Math.max(0, now - recordedAt.getTime()) / 1_000;
}
