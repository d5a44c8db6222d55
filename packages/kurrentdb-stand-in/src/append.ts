// Part of the KurrentDB TEST STAND-IN (see serve.ts): Streams.Append, the
// client-streaming append (the client uses it when BatchAppend is not announced, or when a call
// carries its own credentials): one options message, then one message per proposed event.
import { type handleClientStreamingCall, type sendUnaryData } from '@grpc/grpc-js';
import { AppendReq, type AppendResp } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_pb';
import { appendSuccess, appendWrongExpectedVersion } from './append-responses';
import { streamNameOf } from './conversions';
import { type InMemoryLog } from './in-memory-log';
import { appendSizeOf, ProposedEventError, proposedEventOf } from './proposed-event';
import {
  asRpcError,
  invalidArgument,
  maximumAppendSizeExceeded,
  requiredMetadataPropertyMissing,
  type RpcError,
} from './rpc-errors';
import { type ExpectedRevision, type ProposedEvent } from './stored-event';

const Case = AppendReq.Options.ExpectedStreamRevisionCase;

function expectedRevisionOf(options: AppendReq.Options): ExpectedRevision {
  switch (options.getExpectedStreamRevisionCase()) {
    case Case.REVISION:
      return BigInt(options.getRevision());
    case Case.NO_STREAM:
      return 'no_stream';
    case Case.ANY:
      return 'any';
    case Case.STREAM_EXISTS:
      return 'stream_exists';
    case Case.EXPECTED_STREAM_REVISION_NOT_SET:
      throw invalidArgument('AppendReq.Options has no expected stream revision');
  }
}

/** Collects one Append call's messages; throws an RpcError for the first bad one. */
class AppendRequest {
  streamId: string | undefined;
  expected: ExpectedRevision = 'any';
  readonly events: ProposedEvent[] = [];
  #size = 0;

  constructor(private readonly maxAppendSize: number) {}

  accept(message: AppendReq): void {
    const options = message.getOptions();
    const proposed = message.getProposedMessage();
    if (this.streamId === undefined) {
      if (options === undefined) throw invalidArgument('The first AppendReq must carry the options');
      this.streamId = streamNameOf(options.getStreamIdentifier());
      if (this.streamId === undefined) throw invalidArgument('AppendReq.Options has no stream identifier');
      this.expected = expectedRevisionOf(options);
      return;
    }
    if (proposed === undefined) throw invalidArgument('Only the first AppendReq may carry options');
    const event = proposedEvent(proposed);
    this.#size += appendSizeOf(event);
    if (this.#size > this.maxAppendSize) throw maximumAppendSizeExceeded(this.maxAppendSize);
    this.events.push(event);
  }
}

function proposedEvent(message: AppendReq.ProposedMessage): ProposedEvent {
  try {
    return proposedEventOf(message);
  } catch (error) {
    if (!(error instanceof ProposedEventError)) throw error;
    if (error.reason === 'missing-type') throw requiredMetadataPropertyMissing('type');
    if (error.reason === 'missing-content-type') throw requiredMetadataPropertyMissing('content-type');
    throw invalidArgument(error.message);
  }
}

/** Answers as soon as a message is refused (like the real server), else once the client ends its stream. */
export function appendHandler(
  log: InMemoryLog,
  maxAppendSize: number,
): handleClientStreamingCall<AppendReq, AppendResp> {
  return (call, callback: sendUnaryData<AppendResp>) => {
    const request = new AppendRequest(maxAppendSize);
    let answered = false;
    const answer = (error: RpcError | null, response?: AppendResp): void => {
      if (answered) return;
      answered = true;
      callback(error, response);
    };
    call.on('data', (message: AppendReq) => {
      if (answered) return;
      try {
        request.accept(message);
      } catch (error) {
        answer(asRpcError(error));
      }
    });
    call.on('end', () => {
      // A refused call writes nothing, not even the messages accepted before the refusal.
      if (answered) return;
      if (request.streamId === undefined) return answer(invalidArgument('Append received no options'));
      try {
        const outcome = log.append(request.streamId, request.expected, request.events);
        const response =
          outcome.kind === 'success'
            ? appendSuccess(outcome)
            : appendWrongExpectedVersion(outcome.currentRevision, request.expected);
        answer(null, response);
      } catch (error) {
        answer(asRpcError(error));
      }
    });
  };
}
