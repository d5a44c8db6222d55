import fc from 'fast-check';
import { type AccountCommand } from '../../src/account/account.commands';
import { decide } from '../../src/account/account.decide';
import { type AccountEvent } from '../../src/account/account.events';
import { evolve, initialState, type AccountState } from '../../src/account/account.state';
import { accountCommands } from '../arbitraries';

interface Run {
  readonly state: AccountState;
  readonly events: readonly AccountEvent[];
  /** The state after each accepted event, in order. */
  readonly states: readonly AccountState[];
}

// What the command side does, command after command: fold, decide, keep what was accepted.
function run(commands: readonly AccountCommand[]): Run {
  let state = initialState;
  const events: AccountEvent[] = [];
  const states: AccountState[] = [];
  for (const command of commands) {
    const decision = decide(command, state);
    if (!decision.ok) continue;
    for (const event of decision.events) {
      state = evolve(state, event);
      events.push(event);
      states.push(state);
    }
  }
  return { state, events, states };
}

function balanceOf(state: AccountState): bigint {
  return state.status === 'open' || state.status === 'frozen' ? state.balance.amountMinor : 0n;
}

function foldOfMoneyEvents(events: readonly AccountEvent[]): bigint {
  return events.reduce((sum, event) => {
    if (event.type === 'MoneyDeposited') return sum + event.amount.amountMinor;
    if (event.type === 'MoneyWithdrawn') return sum - event.amount.amountMinor;
    return sum;
  }, 0n);
}

describe('account invariants, for any sequence of commands', () => {
  it('the balance is the fold of accepted deposits minus withdrawals, and never negative', () => {
    fc.assert(
      fc.property(accountCommands, (commands) => {
        const { state, events, states } = run(commands);
        expect(balanceOf(state)).toBe(foldOfMoneyEvents(events));
        states.forEach((after, index) => {
          expect(balanceOf(after)).toBeGreaterThanOrEqual(0n);
          expect(balanceOf(after)).toBe(foldOfMoneyEvents(events.slice(0, index + 1)));
        });
      }),
      { numRuns: 500 },
    );
  });

  it('every recorded balanceAfter is the running fold', () => {
    fc.assert(
      fc.property(accountCommands, (commands) => {
        const { events } = run(commands);
        events.forEach((event, index) => {
          if (event.type === 'MoneyDeposited' || event.type === 'MoneyWithdrawn') {
            expect(event.balanceAfter.amountMinor).toBe(foldOfMoneyEvents(events.slice(0, index + 1)));
          }
        });
      }),
      { numRuns: 300 },
    );
  });

  it('replaying the recorded events from the initial state rebuilds the same state', () => {
    fc.assert(
      fc.property(accountCommands, (commands) => {
        const { state, events } = run(commands);
        expect(events.reduce(evolve, initialState)).toEqual(state);
      }),
      { numRuns: 500 },
    );
  });

  // Guards the generator: properties over sequences that never reach a rule prove nothing.
  it('the generated sequences reach every event and every refusal', () => {
    const seen = new Set<string>();
    for (const commands of fc.sample(accountCommands, { numRuns: 2_000, seed: 42 })) {
      let state = initialState;
      for (const command of commands) {
        const decision = decide(command, state);
        if (!decision.ok) seen.add(decision.error.code);
        else decision.events.forEach((event) => seen.add(event.type));
        if (decision.ok) state = decision.events.reduce(evolve, state);
      }
    }
    expect([...seen].sort()).toEqual([
      'ACCOUNT_ALREADY_OPEN', 'ACCOUNT_CLOSED', 'ACCOUNT_FROZEN', 'ACCOUNT_NOT_FOUND', 'AccountClosed',
      'AccountFrozen', 'AccountOpened', 'AccountUnfrozen', 'BALANCE_LIMIT_EXCEEDED', 'BALANCE_NOT_ZERO',
      'CURRENCY_MISMATCH', 'INSUFFICIENT_FUNDS', 'MoneyDeposited', 'MoneyWithdrawn',
    ]);
  });
});
