import type { FieldError } from '../errors/problem-details';

/**
 * How deep a JSON body may nest. Depth counts the objects and arrays around a value: the
 * top-level object (or array) is depth 1, a member object or an element array of it depth 2,
 * and so on; strings, numbers, booleans and null add nothing. `{"a":{"b":[1]}}` is depth 3.
 */
export const MAX_JSON_DEPTH = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;

/** An object or array the scan is inside of, and where in it the scan is. */
interface OpenContainer {
  /** The member names seen so far; undefined for an array. */
  readonly memberNames: Set<string> | undefined;
  /** The next string is a member name (objects only: after `{` or `,`). */
  expectingName: boolean;
  /** Where the scan is, for error paths: the current member's name (objects)… */
  member: string;
  /** …or the current element's index (arrays). */
  index: number;
}

const positionIn = (container: OpenContainer): string =>
  container.memberNames === undefined ? String(container.index) : container.member;

/** Whether the quote at `at` is escaped: an odd run of backslashes precedes it. */
function isEscaped(text: string, at: number): boolean {
  let backslashes = 0;
  for (let index = at - 1; text.charCodeAt(index) === BACKSLASH; index--) backslashes++;
  return backslashes % 2 === 1;
}

/** The index of the quote that closes the string opened at `start`, or -1 if none does. */
function closingQuoteOf(text: string, start: number): number {
  let quote = text.indexOf('"', start + 1);
  while (quote !== -1 && isEscaped(text, quote)) quote = text.indexOf('"', quote + 1);
  return quote;
}

/** A member name as JSON means it (`"\u0061mount"` is `amount`), or undefined if it is not a valid string. */
function memberNameOf(text: string, start: number, end: number): string | undefined {
  const raw = text.slice(start + 1, end);
  if (!raw.includes('\\')) return raw;
  try {
    const decoded: unknown = JSON.parse(text.slice(start, end + 1));
    return typeof decoded === 'string' ? decoded : undefined;
  } catch {
    return undefined;
  }
}

/** `lines.0.amount`: the dotted path of FieldError, through the open containers to `last`. */
function pathOf(containers: readonly OpenContainer[], last?: string): string {
  const positions = containers.map(positionIn);
  return (last === undefined ? positions : [...positions, last]).join('.');
}

/**
 * Finds what makes a JSON text ambiguous or too deep before it is parsed: a member name that
 * appears twice in one object (`JSON.parse` silently keeps the last, so
 * `{"amount":"1.00","amount":"99999.00"}` would deposit 99,999.00), or nesting deeper than
 * `maxDepth` (class-transformer and class-validator recurse into every value, and 3,000 levels
 * overflow their stack; see `MAX_JSON_DEPTH` for what depth means).
 *
 * One pass, no recursion (a recursive checker could overflow on the very input it guards
 * against), and no parse: only strings, braces, brackets and commas are looked at, which is all
 * that nesting and member names depend on. Text that is not JSON gets no verdict (undefined)
 * where the scan cannot follow it; the parse that runs next rejects it. For valid JSON the
 * verdict is exact.
 */
export function jsonShapeViolationOf(text: string, maxDepth: number = MAX_JSON_DEPTH): FieldError | undefined {
  const open: OpenContainer[] = [];
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (char === QUOTE) {
      const end = closingQuoteOf(text, index);
      if (end === -1) return undefined;
      const container = open[open.length - 1];
      if (container?.memberNames !== undefined && container.expectingName) {
        const name = memberNameOf(text, index, end);
        if (name === undefined) return undefined;
        if (container.memberNames.has(name)) {
          const path = pathOf(open.slice(0, -1), name);
          return { field: path, message: `property ${name} appears more than once` };
        }
        container.memberNames.add(name);
        container.expectingName = false;
        container.member = name;
      }
      index = end;
    } else if (char === OPEN_BRACE || char === OPEN_BRACKET) {
      if (open.length >= maxDepth) {
        const path = pathOf(open);
        return { field: path, message: `nests deeper than ${maxDepth} levels of objects and arrays` };
      }
      const isObject = char === OPEN_BRACE;
      open.push({ memberNames: isObject ? new Set() : undefined, expectingName: isObject, member: '', index: 0 });
    } else if (char === CLOSE_BRACE || char === CLOSE_BRACKET) {
      if (open.pop() === undefined) return undefined;
    } else if (char === COMMA) {
      const container = open[open.length - 1];
      if (container === undefined) return undefined;
      if (container.memberNames !== undefined) container.expectingName = true;
      else container.index++;
    }
  }
  return undefined;
}
