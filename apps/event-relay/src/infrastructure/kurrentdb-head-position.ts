import { type AllStreamResolvedEvent, type KurrentDbEventStore, type ReadPosition } from '@ledger/event-store/kurrentdb';

const PAGE = 100;
/** How far back the newest relayable event is looked for before settling for an upper bound. */
const MAX_RECORDS = 2_000;

/** What the relay relays: JSON events outside KurrentDB's own (`$`-prefixed) streams and types. */
function isRelayed({ event }: AllStreamResolvedEvent): boolean {
  return event !== undefined && event.isJson && !event.streamId.startsWith('$') && !event.type.startsWith('$');
}

const commitOf = (resolved: AllStreamResolvedEvent): bigint | undefined => resolved.event?.position?.commit ?? resolved.commitPosition;

/**
 * The commit position of the newest event in `$all` that the relay would publish: with the
 * checkpoint it gives the relay's lag (in bytes of KurrentDB's log, not in events). Reads
 * `$all` backwards from the end, a page at a time, past KurrentDB's own records (statistics,
 * stream metadata, the adapter's idempotency and snapshot streams), which @eventstore/db-client's
 * `readAll` cannot filter on the server. If none of the newest MAX_RECORDS is ours, the newest record's
 * position stands in: lag is documented as an upper bound, and a scrape must stay cheap.
 */
export function kurrentDbHeadPosition(store: KurrentDbEventStore): () => Promise<bigint> {
  return async () => {
    let from: ReadPosition = 'end';
    let newest: bigint | undefined;
    for (let scanned = 0; scanned < MAX_RECORDS; ) {
      const page: AllStreamResolvedEvent[] = [];
      for await (const resolved of store.client.readAll({ direction: 'backwards', fromPosition: from, maxCount: PAGE })) page.push(resolved);
      const relayed = page.find(isRelayed);
      if (relayed !== undefined) return commitOf(relayed) ?? 0n;
      newest ??= page[0] === undefined ? undefined : commitOf(page[0]);
      const oldest = page.at(-1)?.event?.position;
      if (page.length < PAGE || oldest === undefined) return 0n;
      scanned += page.length;
      from = oldest;
    }
    return newest ?? 0n;
  };
}
