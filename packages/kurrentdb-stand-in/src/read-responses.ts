// Part of the KurrentDB TEST STAND-IN (see serve.ts): the messages of a
// Read response stream, shaped as EventStoreDB sends them.
import { ReadResp } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_pb';
import { streamIdentifierOf, uuidMessageOf, type UuidFormat } from './conversions';
import { type StoredEvent } from './stored-event';

function recordedEventOf(event: StoredEvent, uuidFormat: UuidFormat): ReadResp.ReadEvent.RecordedEvent {
  const position = event.position.toString();
  const recorded = new ReadResp.ReadEvent.RecordedEvent()
    .setId(uuidMessageOf(event.eventId, uuidFormat))
    .setStreamIdentifier(streamIdentifierOf(event.streamId))
    .setStreamRevision(event.revision.toString())
    .setCommitPosition(position)
    .setPreparePosition(position)
    .setData(event.data)
    .setCustomMetadata(event.customMetadata);
  recorded
    .getMetadataMap()
    .set('type', event.type)
    .set('content-type', event.isJson ? 'application/json' : 'application/octet-stream')
    .set('created', event.createdTicks.toString());
  return recorded;
}

/**
 * Every event carries its $all position, on the recorded event and as the ReadEvent's commit
 * position (the client's `commitPosition`), from stream reads and subscriptions too: EventStoreDB
 * does so since 22.6 for events not written in explicit transactions (older servers sent no
 * position, or 2^64-1, for stream reads).
 */
export function eventResponse(event: StoredEvent, uuidFormat: UuidFormat): ReadResp {
  const readEvent = new ReadResp.ReadEvent()
    .setEvent(recordedEventOf(event, uuidFormat))
    .setCommitPosition(event.position.toString());
  return new ReadResp().setEvent(readEvent);
}

export const streamNotFoundResponse = (streamId: string): ReadResp =>
  new ReadResp().setStreamNotFound(new ReadResp.StreamNotFound().setStreamIdentifier(streamIdentifierOf(streamId)));

export const confirmationResponse = (subscriptionId: string): ReadResp =>
  new ReadResp().setConfirmation(new ReadResp.SubscriptionConfirmation().setSubscriptionId(subscriptionId));

export const caughtUpResponse = (): ReadResp => new ReadResp().setCaughtUp(new ReadResp.CaughtUp());

export const checkpointResponse = (position: bigint): ReadResp =>
  new ReadResp().setCheckpoint(
    new ReadResp.Checkpoint().setCommitPosition(position.toString()).setPreparePosition(position.toString()),
  );
