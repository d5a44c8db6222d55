import { withinDeadline } from './within-deadline';

describe('withinDeadline', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('given work that ends in time, answers its result', async () => {
    await expect(withinDeadline(Promise.resolve('done'), 1_000, () => new Error('late'))).resolves.toBe('done');
  });

  it('given work that fails in time, answers its error', async () => {
    await expect(withinDeadline(Promise.reject(new Error('refused')), 1_000, () => new Error('late'))).rejects.toThrow('refused');
  });

  it('given work still running at the deadline, answers the deadline error, and a later failure of the work stays handled', async () => {
    let fail: (error: Error) => void = () => undefined;
    const work = new Promise<string>((_resolve, reject) => (fail = reject));
    const answer = withinDeadline(work, 1_000, () => new Error('late'));

    jest.advanceTimersByTime(1_000);

    await expect(answer).rejects.toThrow('late');
    fail(new Error('the statement timed out later'));
    await expect(work).rejects.toThrow('later');
  });
});
