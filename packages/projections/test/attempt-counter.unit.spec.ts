import { AttemptCounter } from '../src/runtime/attempt-counter';

describe('attempt counter', () => {
  it('counts failures per event and forgets settled ones', () => {
    const attempts = new AttemptCounter();

    expect([attempts.bump('a'), attempts.bump('a'), attempts.bump('b')]).toEqual([1, 2, 1]);
    attempts.forget(['a']);
    expect(attempts.bump('a')).toBe(1);
  });

  it('never holds more than its capacity, dropping the least recently failed first', () => {
    const attempts = new AttemptCounter(2);
    attempts.bump('a');
    attempts.bump('b');
    attempts.bump('a');
    attempts.bump('c');

    expect(attempts.size).toBe(2);
    expect(attempts.bump('a')).toBe(3);
    expect(attempts.bump('b')).toBe(1);
  });
});
