/**
 * Thrown instead of sending JSON that PostgreSQL's jsonb would refuse, and for such a refusal
 * when one still happens. It names the stream and, where it can, the field, so the author of
 * the bad value can be found; a generic "invalid input syntax" from the database names neither.
 */
export class UnstorableJsonError extends Error {
  override readonly name = 'UnstorableJsonError';
}

// jsonb stores JSON as text in the database's encoding (UTF-8), so it refuses the two things
// JSON allows and UTF-8 text cannot hold: NUL, and a lone UTF-16 surrogate. JSON.stringify
// writes exactly those as the escapes `\u0000` and `\ud800`–`\udfff` (a well-formed pair is
// written as the character itself), so finding them in its output finds every one. The escape
// must start a run of an odd number of backslashes: `\\u0000` is the six characters \u0000.
const refusedEscape = /(?<!\\)(?:\\\\)*\\u(?:0000|d[89a-f])/;

// The same two things in a JavaScript string (with `u`, a surrogate pair is one code point, so
// \p{Cs} matches only a lone half).
// eslint-disable-next-line no-control-regex -- NUL is exactly what is refused
const refusedCharacter = /\p{Cs}|\u0000/u;

/** What in `value` jsonb would refuse, by path (`reference`, `tags.0`), or undefined. */
function refusedTextIn(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return refusedCharacter.test(value) ? `${path} ${describe(value)}` : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, member] of Object.entries(value)) {
    const memberPath = `${path}.${key}`;
    if (refusedCharacter.test(key)) return `a member name in ${path} ${describe(key)}`;
    const found = refusedTextIn(member, memberPath);
    if (found !== undefined) return found;
  }
  return undefined;
}

function describe(text: string): string {
  return `holds ${text.includes('\u0000') ? 'a NUL character (\\u0000)' : 'a lone UTF-16 surrogate (not Unicode)'}`;
}

/**
 * `value` as JSON text for a jsonb parameter, or an UnstorableJsonError saying where it holds
 * what jsonb refuses: `subject` names the value (`Stream x`), `parts` its members by the names
 * the message should use (`event 2 (Deposited)`), searched only once the value is known bad.
 * Throws TypeError for what JSON cannot carry at all (a bigint), as JSON.stringify does.
 */
export function jsonbText(value: unknown, subject: () => string, parts: () => Readonly<Record<string, unknown>>): string {
  const text = JSON.stringify(value);
  if (!refusedEscape.test(text)) return text;
  const where = Object.entries(parts())
    .map(([name, part]) => refusedTextIn(part, name))
    .find((found) => found !== undefined);
  throw new UnstorableJsonError(`${subject()}: ${where ?? 'its JSON holds text'}, which PostgreSQL cannot store (jsonb)`);
}

/** The same check for a plain text value, such as a stream id. */
export function assertStorableText(text: string, subject: () => string): void {
  if (refusedCharacter.test(text)) throw new UnstorableJsonError(`${subject()} ${describe(text)}, which PostgreSQL cannot store`);
}

function isJsonbInputError(error: unknown): error is Error & { code: string; detail?: string; where?: string } {
  if (!(error instanceof Error) || !('code' in error)) return false;
  const { code, where } = error as { code: unknown; where?: unknown };
  // 22P02 invalid_text_representation (a bad surrogate), 22P05 untranslatable_character (\u0000),
  // raised while parsing a JSON parameter ("JSON data, line 1: …").
  return (code === '22P02' || code === '22P05') && typeof where === 'string' && where.startsWith('JSON data');
}

/** PostgreSQL's refusal of a JSON parameter as an UnstorableJsonError about `subject`; anything else as is. */
export function translateJsonbRefusal(error: unknown, subject: string): unknown {
  if (!isJsonbInputError(error)) return error;
  const detail = error.detail === undefined ? '' : ` (${error.detail})`;
  return new UnstorableJsonError(`${subject}: PostgreSQL refused its JSON: ${error.message}${detail}`, { cause: error });
}
