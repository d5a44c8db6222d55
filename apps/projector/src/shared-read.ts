/**
 * One read shared by every caller within `ms` of its start: pages and scrapes that ask together
 * cost one query. A read that failed is not shared: the next caller starts another.
 */
export function sharedRead<T>(ms: number, read: () => Promise<T>): () => Promise<T> {
  let shared: { readonly atMs: number; readonly value: Promise<T> } | undefined;
  return () => {
    const now = Date.now();
    if (shared === undefined || now - shared.atMs > ms) {
      const value = read();
      const entry = { atMs: now, value };
      // Only this read is forgotten: a newer one may have taken its place meanwhile.
      value.catch(() => {
        if (shared === entry) shared = undefined;
      });
      shared = entry;
    }
    return shared.value;
  };
}
