// Part of the KurrentDB TEST STAND-IN (see serve.ts): Streams.BatchAppend,
// the bidirectional stream the Node client keeps open and multiplexes appends over. Each append is
// keyed by a correlation id: options in its first request, proposed messages in one or more
// requests, `is_final` on the last; it is answered by exactly one response with that id.
import { type handleBidiStreamingCall } from '@grpc/grpc-js';
import { type Status } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/status_pb';
import { BatchAppendReq, BatchAppendResp } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_pb';
import {
  batchBadRequest,
  batchMaximumAppendSizeExceeded,
  batchSuccess,
  batchWrongExpectedVersion,
} from './append-responses';
import { streamIdentifierOf, streamNameOf, uuidOf } from './conversions';
import { type InMemoryLog } from './in-memory-log';
import { appendSizeOf, proposedEventOf } from './proposed-event';
import { type ExpectedRevision, type ProposedEvent } from './stored-event';

interface PendingAppend {
  readonly streamId: string;
  readonly expected: ExpectedRevision;
  readonly events: ProposedEvent[];
  size: number;
}

type Answer = (streamId: string, result: Status | BatchAppendResp.Success) => BatchAppendResp;

const Case = BatchAppendReq.Options.ExpectedStreamPositionCase;

function expectedRevisionOf(options: BatchAppendReq.Options): ExpectedRevision | undefined {
  switch (options.getExpectedStreamPositionCase()) {
    case Case.STREAM_POSITION:
      return BigInt(options.getStreamPosition());
    case Case.NO_STREAM:
      return 'no_stream';
    case Case.ANY:
      return 'any';
    case Case.STREAM_EXISTS:
      return 'stream_exists';
    case Case.EXPECTED_STREAM_POSITION_NOT_SET:
      return undefined;
  }
}

/**
 * One BatchAppend call. Like the real server it ignores requests for a correlation id it holds
 * no options for (answering twice would break the client, which forgets an id once answered).
 * Unlike it, the stand-in ignores the per-append deadline: in memory an append never waits.
 */
class BatchAppendSession {
  readonly #pending = new Map<string, PendingAppend>();

  constructor(
    private readonly log: InMemoryLog,
    private readonly maxAppendSize: number,
  ) {}

  /** The response this request completes, if any; anything unexpected is answered as a bad request. */
  accept(request: BatchAppendReq): BatchAppendResp | undefined {
    const correlationId = uuidOf(request.getCorrelationId()) ?? '';
    const answer: Answer = (streamId, result) => {
      this.#pending.delete(correlationId);
      // The client reads the stream name of every answer, errors included, so it is always set.
      const response = new BatchAppendResp()
        .setCorrelationId(request.getCorrelationId())
        .setStreamIdentifier(streamIdentifierOf(streamId));
      return result instanceof BatchAppendResp.Success ? response.setSuccess(result) : response.setError(result);
    };
    try {
      return this.#accept(request, correlationId, answer);
    } catch (error) {
      const streamId = this.#pending.get(correlationId)?.streamId ?? '';
      return answer(streamId, batchBadRequest(error instanceof Error ? error.message : String(error)));
    }
  }

  #accept(request: BatchAppendReq, correlationId: string, answer: Answer): BatchAppendResp | undefined {
    const options = request.getOptions();
    if (options !== undefined && !this.#pending.has(correlationId)) {
      const opened = openAppend(options);
      if ('error' in opened) return answer(opened.streamId, opened.error);
      this.#pending.set(correlationId, opened);
    }
    const pending = this.#pending.get(correlationId);
    if (pending === undefined) return undefined;
    const refusal = this.#collect(pending, request.getProposedMessagesList());
    if (refusal !== undefined) return answer(pending.streamId, refusal);
    if (!request.getIsFinal()) return undefined;
    const outcome = this.log.append(pending.streamId, pending.expected, pending.events);
    return answer(
      pending.streamId,
      outcome.kind === 'success'
        ? batchSuccess(outcome)
        : batchWrongExpectedVersion(outcome.currentRevision, pending.expected),
    );
  }

  /** Adds the messages to the pending append; the error status if one is refused or the append grows too big. */
  #collect(pending: PendingAppend, messages: readonly BatchAppendReq.ProposedMessage[]): Status | undefined {
    for (const message of messages) {
      let event: ProposedEvent;
      try {
        event = proposedEventOf(message);
      } catch (error) {
        return batchBadRequest(error instanceof Error ? error.message : String(error));
      }
      pending.events.push(event);
      pending.size += appendSizeOf(event);
    }
    return pending.size > this.maxAppendSize ? batchMaximumAppendSizeExceeded(this.maxAppendSize) : undefined;
  }
}

function openAppend(options: BatchAppendReq.Options): PendingAppend | { streamId: string; error: Status } {
  const streamId = streamNameOf(options.getStreamIdentifier());
  if (streamId === undefined) return { streamId: '', error: batchBadRequest('Required field StreamIdentifier not set.') };
  const expected = expectedRevisionOf(options);
  if (expected === undefined) return { streamId, error: batchBadRequest('Required field ExpectedStreamPosition not set.') };
  return { streamId, expected, events: [], size: 0 };
}

export function batchAppendHandler(
  log: InMemoryLog,
  maxAppendSize: number,
): handleBidiStreamingCall<BatchAppendReq, BatchAppendResp> {
  return (call) => {
    const session = new BatchAppendSession(log, maxAppendSize);
    call.on('data', (request: BatchAppendReq) => {
      const response = session.accept(request);
      // Answers are small and one per append, so they are queued without waiting for 'drain'.
      if (response !== undefined && !call.cancelled) call.write(response);
    });
    call.on('end', () => call.end());
  };
}
