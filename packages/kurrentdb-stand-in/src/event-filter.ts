// Part of the KurrentDB TEST STAND-IN (see serve.ts): server-side filters
// of $all reads and subscriptions (streamNameFilter, eventTypeFilter, excludeSystemEvents).
import { ReadReq } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_pb';
import { invalidArgument } from './rpc-errors';
import { type StoredEvent } from './stored-event';

export type EventFilter = (event: StoredEvent) => boolean;

export interface SubscriptionFilter {
  readonly matches: EventFilter;
  /** A checkpoint is sent after this many events were considered (matching or not). */
  readonly checkpointInterval: number;
}

const FilterCase = ReadReq.Options.FilterOptions.FilterCase;
const WindowCase = ReadReq.Options.FilterOptions.WindowCase;

/** The server's page size for filtered reads, which is the search window when the client sets none. */
const DEFAULT_SEARCH_WINDOW = 32;

/**
 * A regex, when given, wins over prefixes (as on the server). The server runs .NET regular
 * expressions, unanchored; the stand-in runs JavaScript ones, also unanchored. They agree on the
 * common syntax (`^[^$].*` of excludeSystemEvents, alternations, classes), not on every construct.
 */
function expressionMatcher(expression: ReadReq.Options.FilterOptions.Expression): (value: string) => boolean {
  const regex = expression.getRegex();
  if (regex !== '') {
    let compiled: RegExp;
    try {
      compiled = new RegExp(regex);
    } catch {
      throw invalidArgument(`Invalid filter regex: ${regex}`);
    }
    return (value) => compiled.test(value);
  }
  const prefixes = expression.getPrefixList();
  return (value) => prefixes.some((prefix) => value.startsWith(prefix));
}

export function eventFilterOf(options: ReadReq.Options.FilterOptions): EventFilter {
  switch (options.getFilterCase()) {
    case FilterCase.STREAM_IDENTIFIER: {
      const expression = options.getStreamIdentifier();
      if (expression === undefined) throw invalidArgument('The stream identifier filter has no expression');
      const matches = expressionMatcher(expression);
      return (event) => matches(event.streamId);
    }
    case FilterCase.EVENT_TYPE: {
      const expression = options.getEventType();
      if (expression === undefined) throw invalidArgument('The event type filter has no expression');
      const matches = expressionMatcher(expression);
      return (event) => matches(event.type);
    }
    case FilterCase.FILTER_NOT_SET:
      throw invalidArgument('The filter filters on neither stream identifier nor event type');
  }
}

/** Checkpoints come every `multiplier x search window` considered events, as on the server. */
export function subscriptionFilterOf(options: ReadReq.Options.FilterOptions): SubscriptionFilter {
  const multiplier = options.getCheckpointintervalmultiplier();
  if (multiplier <= 0) throw invalidArgument('The checkpoint interval multiplier must be greater than 0');
  const window = options.getWindowCase() === WindowCase.MAX ? options.getMax() : DEFAULT_SEARCH_WINDOW;
  if (window <= 0) throw invalidArgument('The maximum search window must be greater than 0');
  return { matches: eventFilterOf(options), checkpointInterval: multiplier * window };
}
