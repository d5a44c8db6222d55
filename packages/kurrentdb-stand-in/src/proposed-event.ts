// Part of the KurrentDB TEST STAND-IN (see serve.ts): proposed messages of
// Append and BatchAppend, validated into ProposedEvent.
import { type UUID } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/shared_pb';
import { type Map as ProtobufMap } from 'google-protobuf';
import { uuidOf } from './conversions';
import { type ProposedEvent } from './stored-event';

/** What AppendReq.ProposedMessage and BatchAppendReq.ProposedMessage have in common. */
export interface ProposedMessageFields {
  getId(): UUID | undefined;
  getMetadataMap(): ProtobufMap<string, string>;
  getData_asU8(): Uint8Array;
  getCustomMetadata_asU8(): Uint8Array;
}

/** Why a proposed message was refused; each RPC reports it in its own way. */
export class ProposedEventError extends Error {
  constructor(
    readonly reason: 'missing-type' | 'missing-content-type' | 'invalid-id',
    message: string,
  ) {
    super(message);
    this.name = 'ProposedEventError';
  }
}

/** EventStoreDB's default MaxAppendSize (1 MiB). */
export const DEFAULT_MAX_APPEND_SIZE = 1_048_576;

/** Bytes counted against the maximum append size (the real server's measure differs slightly per RPC). */
export const appendSizeOf = (event: ProposedEvent): number => event.data.length + event.customMetadata.length;

export function proposedEventOf(message: ProposedMessageFields): ProposedEvent {
  const metadata = message.getMetadataMap();
  const type = metadata.get('type');
  if (type === undefined) throw new ProposedEventError('missing-type', "Required metadata property 'type' is missing");
  const contentType = metadata.get('content-type');
  if (contentType === undefined) {
    throw new ProposedEventError('missing-content-type', "Required metadata property 'content-type' is missing");
  }
  const eventId = uuidOf(message.getId());
  if (eventId === undefined) throw new ProposedEventError('invalid-id', 'The event id is missing or not a UUID');
  return {
    eventId,
    type,
    isJson: contentType === 'application/json',
    data: message.getData_asU8(),
    customMetadata: message.getCustomMetadata_asU8(),
  };
}
