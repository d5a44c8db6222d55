import { atMostEvery } from './at-most-every';

describe('atMostEvery', () => {
  it('opens at the first call, then once per interval', () => {
    let now = 1_000;
    const due = atMostEvery(30_000, () => now);

    const seen = [due(), due()];
    now += 29_999;
    seen.push(due());
    now += 1;
    seen.push(due(), due());

    expect(seen).toEqual([true, false, false, true, false]);
  });
});
