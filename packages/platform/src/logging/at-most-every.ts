/**
 * A gate for a log line that a lasting outage would repeat on every request or reconnect: it
 * opens at the first call, then at most once per `intervalMs`.
 */
export function atMostEvery(intervalMs: number, now: () => number = () => performance.now()): () => boolean {
  let openedAt = Number.NEGATIVE_INFINITY;
  return () => {
    if (now() - openedAt < intervalMs) return false;
    openedAt = now();
    return true;
  };
}
