import { sharedRead } from './shared-read';

describe('sharedRead', () => {
  afterEach(() => jest.useRealTimers());

  it('given callers within the window, they share one read; after it, the next caller reads again', async () => {
    jest.useFakeTimers({ now: 0 });
    let reads = 0;
    const read = sharedRead(250, () => Promise.resolve(++reads));

    expect(await Promise.all([read(), read()])).toEqual([1, 1]);
    jest.setSystemTime(250);
    expect(await read()).toBe(1);
    jest.setSystemTime(251);
    expect(await read()).toBe(2);
  });

  it('given a read that failed, the next caller within the window reads again', async () => {
    jest.useFakeTimers({ now: 0 });
    const answers = [Promise.reject(new Error('away')), Promise.resolve('back')];
    const read = sharedRead(250, () => answers.shift() ?? Promise.resolve('none'));

    await expect(read()).rejects.toThrow('away');
    expect(await read()).toBe('back');
  });

  it('given an old read failing after a newer one started, the newer one stays shared', async () => {
    jest.useFakeTimers({ now: 0 });
    let fail: (error: Error) => void = () => undefined;
    let reads = 0;
    const read = sharedRead(250, () => {
      reads++;
      return reads === 1 ? new Promise<number>((_, reject) => (fail = reject)) : Promise.resolve(reads);
    });
    const old = read();
    jest.setSystemTime(300);
    expect(await read()).toBe(2);

    fail(new Error('late'));
    await expect(old).rejects.toThrow('late');

    expect(await read()).toBe(2);
    expect(reads).toBe(2);
  });
});
