import { type RecordedEvent } from '@ledger/event-store';

let position = 0n;

/** A deposit event of `streamId` at `revision`, at the next position; its id is `stream@revision`. */
export const recordedEvent = (streamId: string, revision: number): RecordedEvent => ({
  eventId: `${streamId}@${revision}`,
  type: 'ledger.account.money-deposited',
  schemaVersion: 1,
  streamId,
  streamRevision: BigInt(revision),
  position: ++position,
  recordedAt: new Date(),
  data: {},
  metadata: {},
});
