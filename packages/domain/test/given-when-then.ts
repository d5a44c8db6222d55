import { accountDecider } from '../src/account/account.decide';
import { type Decider } from '../src/decider';

/**
 * `given(...history).when(command).then(...events)` or `.thenError(code, facts?)`: the history
 * is folded with the decider's own `evolve`, so a spec states facts, never a hand-built state.
 */
export function givenFor<Command, Event, State, Rejection extends { readonly code: string }>(
  decider: Decider<Command, Event, State, Rejection>,
) {
  return (...history: Event[]) => ({
    when(command: Command) {
      const state = history.reduce(decider.evolve, decider.initialState);
      const decision = decider.decide(command, state);
      return {
        /** The command is accepted with exactly these events (none: already satisfied). */
        then(...expected: Event[]): void {
          expect(decision).toEqual({ ok: true, events: expected });
        },
        /** The command is refused with this code and, if given, these facts. */
        thenError(code: Rejection['code'], facts: Partial<Rejection> = {}): void {
          expect(decision).toEqual({ ok: false, error: expect.objectContaining({ ...facts, code }) as unknown });
        },
      };
    },
  });
}

export const given = givenFor(accountDecider);
