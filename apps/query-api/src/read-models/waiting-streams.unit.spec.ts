import { WaitingStreams } from './waiting-streams';

describe('WaitingStreams', () => {
  const outcomes = () => {
    const seen: string[] = [];
    return { seen, record: (name: string) => (reached: boolean) => seen.push(`${name}:${String(reached)}`) };
  };

  it('settles the waiters a revision satisfies, and only those', () => {
    // given
    const waiting = new WaitingStreams();
    const { seen, record } = outcomes();
    waiting.add('account-summary', 'account-a', 2n, record('a2'));
    waiting.add('account-summary', 'account-a', 5n, record('a5'));
    waiting.add('account-summary', 'account-b', 2n, record('b2'));
    waiting.add('account-transactions', 'account-a', 2n, record('ta2'));

    // when
    waiting.applied('account-summary', 'account-a', 3n);

    // then
    expect(seen).toEqual(['a2:true']);
    expect(waiting.size).toBe(3);
    expect(waiting.streams()).toEqual(new Map([['account-summary', ['account-a', 'account-b']], ['account-transactions', ['account-a']]]));
  });

  it('settles each waiter once: a timeout after the revision arrived changes nothing', () => {
    const waiting = new WaitingStreams();
    const { seen, record } = outcomes();
    const settle = waiting.add('account-summary', 'account-a', 1n, record('a1'));

    waiting.applied('account-summary', 'account-a', 1n);
    settle(false);
    waiting.applied('account-summary', 'account-a', 2n);

    expect(seen).toEqual(['a1:true']);
    expect(waiting.size).toBe(0);
    expect(waiting.streams()).toEqual(new Map());
  });

  it('a waiter that gave up is gone: a later revision does not settle it again', () => {
    const waiting = new WaitingStreams();
    const { seen, record } = outcomes();
    const settle = waiting.add('account-summary', 'account-a', 1n, record('a1'));
    waiting.add('account-summary', 'account-a', 1n, record('other'));

    settle(false);
    waiting.applied('account-summary', 'account-a', 7n);

    expect(seen).toEqual(['a1:false', 'other:true']);
  });

  it('abandonAll gives up on everyone', () => {
    const waiting = new WaitingStreams();
    const { seen, record } = outcomes();
    waiting.add('p', 's1', 1n, record('s1'));
    waiting.add('q', 's2', 1n, record('s2'));

    waiting.abandonAll();

    expect(seen.sort()).toEqual(['s1:false', 's2:false']);
    expect(waiting.size).toBe(0);
  });
});
