import { type ProjectionReport } from '@ledger/projections';
import { HISTORY_WINDOW_MS, ProjectionHistory } from './projection-history';

const report = (name: string, applied: number, lagEvents: number | null = 0): ProjectionReport => ({
  name,
  version: 1,
  state: 'running',
  lag: { events: lagEvents, seconds: lagEvents === null ? null : lagEvents / 10 },
  partitions: null,
  applied,
  deadLetters: 0,
  waiting: 0,
  duplicates: 0,
  healed: 0,
  groupId: 'ledger.projector',
  topics: ['ledger.account'],
  lastError: null,
  rebuild: null,
});
const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1) + seconds * 1_000);

describe('ProjectionHistory', () => {
  it('keeps each projection\'s lag samples, oldest first, with unknown lag as null', () => {
    const history = new ProjectionHistory(5_000);
    history.record([report('a', 0, 3), report('b', 0, null)], at(0));
    history.record([report('a', 10, 1)], at(5));

    expect(history.of('a')).toEqual([
      { at: at(0).toISOString(), lagEvents: 3, lagSeconds: 0.3 },
      { at: at(5).toISOString(), lagEvents: 1, lagSeconds: 0.1 },
    ]);
    expect(history.of('b')).toEqual([{ at: at(0).toISOString(), lagEvents: null, lagSeconds: null }]);
    expect(history.of('unknown')).toEqual([]);
  });

  it('given a burst noticed between two samples, the next sample carries its peak, and the one after starts afresh', () => {
    const history = new ProjectionHistory(5_000);
    history.record([report('a', 0, 0)], at(0));
    history.notice([report('a', 5, 40)]);
    history.notice([report('a', 9, 12)]);
    history.record([report('a', 10, 0)], at(5));
    history.record([report('a', 10, 0)], at(10));

    expect(history.of('a').map((sample) => sample.lagEvents)).toEqual([0, 40, 0]);
    expect(history.of('a').map((sample) => sample.lagSeconds)).toEqual([0, 4, 0]);
  });

  it('a lag unknown at the sample keeps the peak noticed before it; unknown throughout stays null', () => {
    const history = new ProjectionHistory(5_000);
    history.notice([report('a', 0, 7), report('b', 0, null)]);
    history.record([report('a', 0, null), report('b', 0, null)], at(0));

    expect(history.of('a')[0]).toMatchObject({ lagEvents: 7 });
    expect(history.of('b')[0]).toMatchObject({ lagEvents: null, lagSeconds: null });
  });

  it('keeps the last ten minutes only', () => {
    const history = new ProjectionHistory(5_000);
    const samples = HISTORY_WINDOW_MS / 5_000;
    for (let index = 0; index < samples + 7; index += 1) history.record([report('a', index)], at(index * 5));

    const kept = history.of('a');
    expect(kept).toHaveLength(samples);
    expect(kept[0]?.at).toBe(at(7 * 5).toISOString());
  });

  it('appliedPerSecond: the change of applied between the two newest samples; 0 before two, and never negative', () => {
    const history = new ProjectionHistory(5_000);
    history.record([report('a', 100)], at(0));
    expect(history.appliedPerSecond('a')).toBe(0);

    history.record([report('a', 163)], at(5));
    expect(history.appliedPerSecond('a')).toBe(12.6);

    history.record([report('a', 163)], at(10));
    expect(history.appliedPerSecond('a')).toBe(0);

    // A count that went down (it is per instance since start) is no negative rate.
    history.record([report('a', 5)], at(15));
    expect(history.appliedPerSecond('a')).toBe(0);
  });
});
