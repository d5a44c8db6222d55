/**
 * `work`'s result, or `expired()`'s error once `timeoutMs` passed first. The work is not
 * cancelled (a statement in flight cannot be taken back): it ends by its own timeouts, and a
 * client that retries with the same Idempotency-Key learns what it did.
 */
export async function withinDeadline<T>(work: Promise<T>, timeoutMs: number, expired: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(expired()), timeoutMs);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
