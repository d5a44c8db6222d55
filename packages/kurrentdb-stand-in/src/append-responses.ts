// Part of the KurrentDB TEST STAND-IN (see serve.ts): append results in the
// shapes the client reads (Append: AppendResp; BatchAppend: BatchAppendResp with a google.rpc.Status).
import { Code } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/code_pb';
import {
  AllStreamPosition,
  BadRequest,
  Empty,
  MaximumAppendSizeExceeded,
  WrongExpectedVersion,
} from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/shared_pb';
import { Status } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/status_pb';
import { AppendResp, BatchAppendResp } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_pb';
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import { Empty as WellKnownEmpty } from 'google-protobuf/google/protobuf/empty_pb';
import { type AppendOutcome } from './in-memory-log';
import { type ExpectedRevision } from './stored-event';

type Success = Extract<AppendOutcome, { kind: 'success' }>;

export function appendSuccess({ lastRevision, position }: Success): AppendResp {
  const success = new AppendResp.Success();
  if (lastRevision === undefined) success.setNoStream(new Empty());
  else success.setCurrentRevision(lastRevision.toString());
  if (position === undefined) success.setNoPosition(new Empty());
  else {
    const commit = position.toString();
    success.setPosition(new AppendResp.Position().setCommitPosition(commit).setPreparePosition(commit));
  }
  return new AppendResp().setSuccess(success);
}

/**
 * Filled in the fields the client reads (EventStoreDB 21+); the deprecated 20.6.0 fields of the
 * same message are left unset.
 */
export function appendWrongExpectedVersion(current: bigint | undefined, expected: ExpectedRevision): AppendResp {
  const wrong = new AppendResp.WrongExpectedVersion();
  if (current === undefined) wrong.setCurrentNoStream(new Empty());
  else wrong.setCurrentRevision(current.toString());
  if (expected === 'any') wrong.setExpectedAny(new Empty());
  else if (expected === 'stream_exists') wrong.setExpectedStreamExists(new Empty());
  else if (expected === 'no_stream') wrong.setExpectedNoStream(new Empty());
  else wrong.setExpectedRevision(expected.toString());
  return new AppendResp().setWrongExpectedVersion(wrong);
}

export function batchSuccess({ lastRevision, position }: Success): BatchAppendResp.Success {
  const success = new BatchAppendResp.Success();
  if (lastRevision === undefined) success.setNoStream(new WellKnownEmpty());
  else success.setCurrentRevision(lastRevision.toString());
  if (position === undefined) success.setNoPosition(new WellKnownEmpty());
  else {
    const commit = position.toString();
    success.setPosition(new AllStreamPosition().setCommitPosition(commit).setPreparePosition(commit));
  }
  return success;
}

function status(code: Code, message: string, details: { serializeBinary(): Uint8Array }, typeName: string): Status {
  const any = new Any();
  any.pack(details.serializeBinary(), typeName);
  return new Status().setCode(code).setMessage(message).setDetails(any);
}

/** The client unpacks it into WrongExpectedVersionError (unpackToCommandError). */
export function batchWrongExpectedVersion(current: bigint | undefined, expected: ExpectedRevision): Status {
  const wrong = new WrongExpectedVersion();
  if (current === undefined) wrong.setCurrentNoStream(new WellKnownEmpty());
  else wrong.setCurrentStreamRevision(current.toString());
  if (expected === 'any') wrong.setExpectedAny(new WellKnownEmpty());
  else if (expected === 'stream_exists') wrong.setExpectedStreamExists(new WellKnownEmpty());
  else if (expected === 'no_stream') wrong.setExpectedNoStream(new WellKnownEmpty());
  else wrong.setExpectedStreamPosition(expected.toString());
  return status(Code.ALREADY_EXISTS, 'WrongExpectedVersion', wrong, 'event_store.client.WrongExpectedVersion');
}

/** The client turns it into MaxAppendSizeExceededError. */
export const batchMaximumAppendSizeExceeded = (maximumAppendSize: number): Status =>
  status(
    Code.INVALID_ARGUMENT,
    'MaximumAppendSizeExceeded',
    new MaximumAppendSizeExceeded().setMaxappendsize(maximumAppendSize),
    'event_store.client.MaximumAppendSizeExceeded',
  );

/** The client reports it as an UnknownError carrying the message, as it does for a real server. */
export const batchBadRequest = (message: string): Status =>
  status(Code.INVALID_ARGUMENT, 'BadRequest', new BadRequest().setMessage(message), 'event_store.client.BadRequest');
