import { ANY, NO_STREAM, STREAM_EXISTS, WrongExpectedVersionError as ClientWrongExpectedVersion, type AppendExpectedRevision } from '@eventstore/db-client';
import { type ExpectedRevision } from '../port/event-store';
import { WrongExpectedVersionError } from '../port/wrong-expected-version.error';

/** The port's expected revisions are EventStoreDB's: the same four kinds, under the client's names. */
export function toAppendExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      return expected;
  }
}

/** The client's WrongExpectedVersionError as the port's; anything else unchanged. */
export function toPortError(error: unknown, streamId: string, expected: ExpectedRevision): unknown {
  if (!(error instanceof ClientWrongExpectedVersion)) return error;
  const actual = error.actualVersion;
  return new WrongExpectedVersionError(streamId, expected, typeof actual === 'bigint' ? actual : 'no_stream');
}
