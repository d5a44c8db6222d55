import { categoryOf, streamIdOf, WrongExpectedVersionError } from '../src';

describe('stream ids', () => {
  it('are <category>-<id>, the category ending at the first dash', () => {
    expect(streamIdOf('account', '7f3c-aa')).toBe('account-7f3c-aa');
    expect(categoryOf('account-7f3c-aa')).toBe('account');
  });

  it('reject a category that would make the id ambiguous', () => {
    expect(() => streamIdOf('bank-account', '1')).toThrow(/no dash/);
    expect(() => streamIdOf('account', '')).toThrow(/non-empty/);
  });
});

describe('WrongExpectedVersionError', () => {
  it('carries the stream, what was expected and what was found', () => {
    const error = new WrongExpectedVersionError('account-1', 3n, 'no_stream');
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'WrongExpectedVersionError', streamId: 'account-1', expected: 3n, actual: 'no_stream' });
  });
});
