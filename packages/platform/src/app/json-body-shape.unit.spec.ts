import fc from 'fast-check';
import { MAX_JSON_DEPTH, jsonShapeViolationOf } from './json-body-shape';

/** `depth` arrays around `inner`: `[[…inner…]]`. */
const nestedArrays = (depth: number, inner = '1') => `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;
/** `depth` objects around `inner`, each under the member `a`: `{"a":{"a":…inner…}}`. */
const nestedObjects = (depth: number, inner = '1') => `${'{"a":'.repeat(depth)}${inner}${'}'.repeat(depth)}`;

describe('jsonShapeViolationOf', () => {
  describe('depth (the top-level object or array is depth 1)', () => {
    it('counts only objects and arrays: a scalar body is depth 0, `{"a":{"b":[1]}}` depth 3', () => {
      expect(jsonShapeViolationOf('"text"', 0)).toBeUndefined();
      expect(jsonShapeViolationOf('{"a":{"b":[1]}}', 3)).toBeUndefined();
      expect(jsonShapeViolationOf('{"a":{"b":[1]}}', 2)).toEqual({ field: 'a.b', message: 'nests deeper than 2 levels of objects and arrays' });
    });

    it(`accepts ${MAX_JSON_DEPTH} levels and refuses ${MAX_JSON_DEPTH + 1}, of objects, arrays or both`, () => {
      expect(jsonShapeViolationOf(nestedObjects(MAX_JSON_DEPTH))).toBeUndefined();
      expect(jsonShapeViolationOf(nestedArrays(MAX_JSON_DEPTH))).toBeUndefined();
      expect(jsonShapeViolationOf(`{"x":${nestedArrays(MAX_JSON_DEPTH - 1)}}`)).toBeUndefined();

      expect(jsonShapeViolationOf(nestedObjects(MAX_JSON_DEPTH + 1))).toEqual({
        field: Array.from({ length: MAX_JSON_DEPTH }, () => 'a').join('.'),
        message: 'nests deeper than 32 levels of objects and arrays',
      });
      expect(jsonShapeViolationOf(nestedArrays(MAX_JSON_DEPTH + 1))?.field).toBe(Array.from({ length: MAX_JSON_DEPTH }, () => '0').join('.'));
      expect(jsonShapeViolationOf(`{"x":${nestedArrays(MAX_JSON_DEPTH)}}`)?.field).toMatch(/^x(\.0){31}$/);
    });

    it('names the element index of an array in the path', () => {
      expect(jsonShapeViolationOf('{"lines":[1,2,{"deep":[[]]}]}', 3)?.field).toBe('lines.2.deep');
    });

    // Its cost per byte is measured, not asserted: bench/json-body-scan.ts (no timing in tests).
    it('refuses the 3,000-level body of the issue at the level past the limit', () => {
      const body = `{"amount":"1.00","currency":"EUR","x":${nestedArrays(3_000)}}`;

      expect(jsonShapeViolationOf(body)?.field).toMatch(/^x(\.0){31}$/);
    });

    it('accepts 64 KiB of distinct members full of escaped quotes and backslashes', () => {
      const members = Array.from({ length: 3_100 }, (_, index) => `"k\\\\${index}\\"":"\\\\\\"[{"`);
      const body = `{${members.join(',')}}`;

      expect(body.length).toBeGreaterThan(60_000);
      expect(JSON.parse(body)).toBeDefined();
      expect(jsonShapeViolationOf(body)).toBeUndefined();
    });

    it('does not count brackets inside strings', () => {
      expect(jsonShapeViolationOf(`{"a":"${'['.repeat(100)}","b":"{{{"}`, 1)).toBeUndefined();
    });
  });

  describe('repeated member names', () => {
    it('refuses a repeated top-level member, naming it', () => {
      expect(jsonShapeViolationOf('{"amount":"1.00","currency":"EUR","amount":"99999.00"}')).toEqual({
        field: 'amount',
        message: 'property amount appears more than once',
      });
    });

    it('refuses one in a nested object, with its path', () => {
      expect(jsonShapeViolationOf('{"x":{"y":{"z":1,"z":2}}}')).toEqual({ field: 'x.y.z', message: 'property z appears more than once' });
    });

    it('refuses one in an object inside an array, with the element index', () => {
      expect(jsonShapeViolationOf('{"lines":[{"a":1},{"a":1,"b":2,"a":3}]}')?.field).toBe('lines.1.a');
      expect(jsonShapeViolationOf('[{},[{"k":0,"k":0}]]')?.field).toBe('1.0.k');
    });

    it('compares names as JSON means them: escapes count as the character they stand for', () => {
      expect(jsonShapeViolationOf('{"amount":"1","\\u0061mount":"2"}')?.field).toBe('amount');
      expect(jsonShapeViolationOf('{"a\\"b":1,"a\\u0022b":2}')?.field).toBe('a"b');
      expect(jsonShapeViolationOf('{"a\\\\":1,"a\\u005C":2}')?.field).toBe('a\\');
      expect(jsonShapeViolationOf('{"\\/":1,"/":2}')?.field).toBe('/');
    });

    it('accepts the same name in different objects, and values equal to names', () => {
      expect(jsonShapeViolationOf('{"a":{"a":"a"},"b":[{"a":1},{"a":2}],"c":"a","d":["a","a"]}')).toBeUndefined();
    });

    it('accepts names that differ only after an escape, or by case', () => {
      expect(jsonShapeViolationOf('{"a\\\\":1,"a\\\\\\\\":2,"a":3,"A":4,"a\\"":5}')).toBeUndefined();
    });

    it('finds any repeated top-level name, however it is spelt, among any other members', () => {
      fc.assert(
        fc.property(fc.string(), fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 })), (name, others) => {
          const body = `{${JSON.stringify(name)}:0,${JSON.stringify({ ...others, [name]: 1 }).slice(1)}`;

          expect(jsonShapeViolationOf(body)).toEqual({ field: name, message: `property ${name} appears more than once` });
        }),
      );
    });

    it('treats __proto__ as any other name (the parse refuses it anyway)', () => {
      expect(jsonShapeViolationOf('{"__proto__":1,"__proto__":2}')?.field).toBe('__proto__');
    });
  });

  describe('strings', () => {
    it('skips braces, brackets, commas, colons and escaped quotes inside strings', () => {
      const body = '{"a":"}{][,:\\"","b\\\\":"\\\\","c":"\\"a\\":1,\\"a\\":2","d":"\\u007b"}';

      expect(JSON.parse(body)).toBeDefined();
      expect(jsonShapeViolationOf(body)).toBeUndefined();
    });

    it('sees the member after a string ending in an escaped backslash', () => {
      expect(jsonShapeViolationOf('{"a":"x\\\\","a":1}')?.field).toBe('a');
    });
  });

  describe('text that is not JSON', () => {
    it.each(['', '{', '{"a', '{"a":1}}', '{"a":1,,"b":2', ']', '{"\\u00zz":1,"\\u00zz":2}', 'not json'])(
      'gives no verdict on %j unless it sees a violation, leaving the parse to refuse it',
      (text) => {
        expect(jsonShapeViolationOf(text)).toBeUndefined();
      },
    );
  });

  it('passes every valid JSON value within the depth limit and without repeated names', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), (value) => {
        expect(jsonShapeViolationOf(JSON.stringify(value))).toBeUndefined();
        expect(jsonShapeViolationOf(JSON.stringify(value, null, 2))).toBeUndefined();
      }),
    );
  });

  it('agrees with a reference check on the depth of any JSON value', () => {
    const depthOf = (value: unknown): number => {
      if (typeof value !== 'object' || value === null) return 0;
      const children: unknown[] = Array.isArray(value) ? value : Object.values(value);
      return 1 + Math.max(0, ...children.map(depthOf));
    };
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 10 }), fc.integer({ min: 1, max: 10 }), (value, maxDepth) => {
        expect(jsonShapeViolationOf(JSON.stringify(value), maxDepth) === undefined).toBe(depthOf(value) <= maxDepth);
      }),
    );
  });
});
