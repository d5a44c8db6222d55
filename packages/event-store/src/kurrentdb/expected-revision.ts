import { type ExpectedRevision } from '../port/event-store';
import { WrongExpectedVersionError } from '../port/wrong-expected-version.error';
import { wrongExpectedVersionOf } from './streams-client';

/**
 * The client's WrongExpectedVersionError as the port's; anything else unchanged. (The port's
 * expected revisions are KurrentDB's, the same four kinds under the same names: they go to the
 * client as they are.)
 */
export function toPortError(error: unknown, streamId: string, expected: ExpectedRevision): unknown {
  const wrong = wrongExpectedVersionOf(error);
  return wrong === undefined ? error : new WrongExpectedVersionError(streamId, expected, wrong.actual);
}
