import { RebuildProgress } from '../src';

describe('RebuildProgress', () => {
  it('starts with the events the store holds as its total, nothing processed and no rate yet', () => {
    const progress = new RebuildProgress(0, 1_000, 0);

    expect(progress.update(0n, 0)).toEqual({ position: 0n, processed: 0, total: 1_000, eventsPerSecond: 0, etaSeconds: null });
  });

  it('measures the rate over what it processed and gives the time left at that rate', () => {
    const progress = new RebuildProgress(0, 1_000, 0);
    progress.advance(100, 1_000);
    progress.advance(100, 2_000);

    expect(progress.update(200n, 2_000)).toEqual({ position: 200n, processed: 200, total: 1_000, eventsPerSecond: 100, etaSeconds: 8 });
  });

  it('follows the recent rate, not the average since the start', () => {
    const progress = new RebuildProgress(0, 100_000, 0);
    for (let second = 1; second <= 10; second += 1) progress.advance(100, second * 1_000);
    for (let second = 11; second <= 30; second += 1) progress.advance(1_000, second * 1_000);

    expect(progress.update(1n, 30_000).eventsPerSecond).toBe(1_000);
  });

  it('counts from where a resumed rebuild left off', () => {
    const progress = new RebuildProgress(500, 500, 0);
    progress.advance(250, 1_000);

    expect(progress.update(750n, 1_000)).toMatchObject({ processed: 750, total: 1_000, eventsPerSecond: 250, etaSeconds: 1 });
  });

  it('grows the total with events appended meanwhile, and never lets it fall below what was processed', () => {
    const progress = new RebuildProgress(0, 10, 0);
    progress.advance(15, 1_000);
    expect(progress.update(15n, 1_000).total).toBe(15);

    progress.remaining(5);
    expect(progress.update(15n, 1_000)).toMatchObject({ total: 20, etaSeconds: 1 });
  });

  it('says zero seconds left once nothing is left', () => {
    const progress = new RebuildProgress(0, 10, 0);
    progress.advance(10, 1_000);

    expect(progress.update(10n, 1_000).etaSeconds).toBe(0);
  });

  it('counts a batch that is being written in its figures without taking it as done', () => {
    const progress = new RebuildProgress(0, 100, 0);

    expect(progress.update(50n, 1_000, 50)).toMatchObject({ processed: 50, eventsPerSecond: 50, etaSeconds: 1 });
    expect(progress.update(0n, 1_000)).toMatchObject({ processed: 0 });
  });
});
