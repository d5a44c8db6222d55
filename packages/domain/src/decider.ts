/**
 * An aggregate as three pure functions (Dudycz/Emmett "decider"): the command side loads a
 * stream, folds it with `evolve` from `initialState`, calls `decide`, and appends the events.
 * `decide` returns its refusal as data, so a handler maps it without catching anything.
 */
export interface Decider<Command, Event, State, Rejection> {
  readonly initialState: State;
  readonly evolve: (state: State, event: Event) => State;
  readonly decide: (command: Command, state: State) => Decision<Event, Rejection>;
}

/**
 * What `decide` answers: the events to append (possibly none, when the command is already
 * satisfied), or the business rule that refused the command.
 */
export type Decision<Event, Rejection> =
  | { readonly ok: true; readonly events: readonly Event[] }
  | { readonly ok: false; readonly error: Rejection };

/** Accept a command by recording these events (an empty list means "nothing to change"). */
export function accept<Event>(...events: Event[]): { readonly ok: true; readonly events: readonly Event[] } {
  return { ok: true, events };
}

/** Refuse a command with a domain error. */
export function reject<Rejection>(error: Rejection): { readonly ok: false; readonly error: Rejection } {
  return { ok: false, error };
}
