import { IsOptional, IsString } from 'class-validator';
import { createValidationPipe } from '../errors/validation.pipe';
import { ValidationFailedException } from '../errors/validation-failed.exception';
import { IsWellFormedText } from './is-well-formed-text';

class NoteBody {
  @IsOptional()
  @IsString()
  @IsWellFormedText()
  readonly note?: string;
}

const errorsFor = async (note: unknown) => {
  const outcome: unknown = await createValidationPipe()
    .transform({ note }, { type: 'body', metatype: NoteBody })
    .then(
      () => [],
      (error: unknown) => error,
    );
  return outcome instanceof ValidationFailedException ? outcome.errors : outcome;
};

describe('IsWellFormedText', () => {
  it.each([
    ['plain text', 'invoice 2026-117'],
    ['letters of any script and emoji (surrogate pairs)', 'Zahlung für Åsa – 払い \ud83d\udcb6'],
    ['punctuation, quotes and backslashes', 'a "quoted" \\u0000 \\ud800 text'],
    ['an empty string (length and blankness are other rules)', ''],
  ])('accepts %s', async (_case, note) => {
    expect(await errorsFor(note)).toEqual([]);
  });

  it.each([
    ['a lone high surrogate', 'x\ud800', 'note must be well-formed Unicode (it holds a lone UTF-16 surrogate)'],
    ['a lone low surrogate', '\udc00', 'note must be well-formed Unicode (it holds a lone UTF-16 surrogate)'],
    ['a pair in the wrong order', '\ude00\ud83d', 'note must be well-formed Unicode (it holds a lone UTF-16 surrogate)'],
    ['NUL', 'a\u0000b', 'note must not contain control characters'],
    ['a line break', 'two\nlines', 'note must not contain control characters'],
    ['a tab', 'a\tb', 'note must not contain control characters'],
    ['ESC', '\u001b[31mred', 'note must not contain control characters'],
    ['DEL', 'a\u007f', 'note must not contain control characters'],
    ['a C1 control', 'a\u0085b', 'note must not contain control characters'],
  ])('refuses %s with 400 naming the field', async (_case, note, message) => {
    expect(await errorsFor(note)).toEqual([{ field: 'note', message }]);
  });

  it('leaves values that are not strings to IsString', async () => {
    expect(await errorsFor(42)).toEqual([{ field: 'note', message: 'note must be a string' }]);
  });
});
