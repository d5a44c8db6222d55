import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { type NewEvent } from '../src';
import { appendWith, PostgresEventStore, UnstorableJsonError } from '../src/postgres';
import { translateError } from '../src/postgres/append';
import { jsonbText } from '../src/postgres/jsonb-text';
import { migratedSchema, type MigratedSchema } from './postgres-test-schema';

const event = (data: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}): NewEvent =>
  ({ eventId: randomUUID(), type: 'Deposited', schemaVersion: 1, data, metadata: { correlationId: randomUUID(), ...metadata } }) as NewEvent;

const reasonOf = (outcome: PromiseSettledResult<unknown> | undefined): unknown => (outcome?.status === 'rejected' ? outcome.reason : undefined);

/**
 * Text PostgreSQL cannot store (NUL, a lone UTF-16 surrogate: both valid JSON) reaching the
 * store through its port, past any HTTP edge: refused for its own append, with an error that
 * says where, and never for anyone else's.
 */
describe('PostgresEventStore: text PostgreSQL cannot store', () => {
  let db: MigratedSchema;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await migratedSchema('es_unstorable');
    store = new PostgresEventStore({ pool: db.pool, schema: db.schema });
  });
  afterAll(async () => {
    await db.dispose();
  });

  it('fails a NUL in a member name, a bigint and a NUL in a stream id each alone, amid appends that commit', async () => {
    const good = Array.from({ length: 4 }, () => `unstorable-${randomUUID()}`);
    const nulKey = `unstorable-${randomUUID()}`;
    const withBigint = `unstorable-${randomUUID()}`;
    const nulStream = `unstorable-${randomUUID()}\u0000`;

    const outcomes = await Promise.allSettled([
      store.appendToStream(`unstorable-${randomUUID()}`, [event()], { expectedRevision: 'any' }),
      store.appendToStream(good[0] ?? '', [event()], { expectedRevision: 'no_stream' }),
      store.appendToStream(nulKey, [event({}, { 'trace\u0000id': 'x' })], { expectedRevision: 'no_stream' }),
      store.appendToStream(good[1] ?? '', [event()], { expectedRevision: 'no_stream' }),
      store.appendToStream(withBigint, [event({ amount: 5n })], { expectedRevision: 'no_stream' }),
      store.appendToStream(good[2] ?? '', [event()], { expectedRevision: 'no_stream' }),
      store.appendToStream(nulStream, [event()], { expectedRevision: 'no_stream' }),
      store.appendToStream(good[3] ?? '', [event()], { expectedRevision: 'no_stream' }),
    ]);

    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
    expect(reasonOf(outcomes[2])).toEqual(
      new UnstorableJsonError(`Stream ${nulKey}: a member name in event 0 (Deposited).metadata holds a NUL character (\\u0000), which PostgreSQL cannot store (jsonb)`),
    );
    expect(reasonOf(outcomes[4])).toBeInstanceOf(TypeError);
    expect(reasonOf(outcomes[6])).toBeInstanceOf(UnstorableJsonError);
    for (const streamId of [nulKey, withBigint]) expect(await store.readStream(streamId, { direction: 'forwards' })).toEqual([]);
    for (const streamId of good) expect(await store.readStream(streamId, { direction: 'forwards' })).toHaveLength(1);
  });

  it('refuses the same inside a caller’s transaction, which stays usable for the next append', async () => {
    const client = await db.pool.connect();
    const streamId = `unstorable-${randomUUID()}`;
    try {
      await client.query('BEGIN');
      const refused = appendWith(client, db.schema, streamId, [event({ reference: 'a \udc00 b' })], { expectedRevision: 'no_stream' });
      await expect(refused).rejects.toThrow(`Stream ${streamId}: event 0 (Deposited).data.reference holds a lone UTF-16 surrogate (not Unicode)`);
      await appendWith(client, db.schema, streamId, [event({ reference: 'a \ud83d\ude00 b' })], { expectedRevision: 'no_stream' });
      await client.query('COMMIT');
    } finally {
      client.release();
    }

    const stored = await store.readStream(streamId, { direction: 'forwards' });
    expect(stored.map((recorded) => recorded.data)).toEqual([{ reference: 'a \ud83d\ude00 b' }]);
  });

  it('refuses a snapshot holding such text, naming the stream and the field', async () => {
    const streamId = `unstorable-${randomUUID()}`;

    const saving = store.saveSnapshot(streamId, { revision: 0n, schemaVersion: 1, state: { reason: 'x\u0000' } });

    await expect(saving).rejects.toEqual(
      new UnstorableJsonError(`Stream ${streamId}: snapshot: state.reason holds a NUL character (\\u0000), which PostgreSQL cannot store (jsonb)`),
    );
    expect(await store.loadSnapshot(streamId, 1)).toBeUndefined();
  });

  it.each([
    ['a lone surrogate', '{"reference":"\\ud800"}', /Unicode low surrogate must follow a high surrogate/],
    ['a NUL', '{"reference":"\\u0000"}', /cannot be converted to text/],
  ])('turns PostgreSQL’s own refusal of %s in JSON into an UnstorableJsonError about the stream', async (_case, json, detail) => {
    const refusal = await db.pool.query('SELECT $1::jsonb', [json]).then(
      () => undefined,
      (error: unknown) => error,
    );

    const translated = translateError(refusal, 'account-1', 'any');

    expect(translated).toBeInstanceOf(UnstorableJsonError);
    expect(translated).toMatchObject({ message: expect.stringMatching(/^Stream account-1: PostgreSQL refused its JSON: /) as unknown, cause: refusal });
    expect((translated as Error).message).toMatch(detail);
  });

  it('refuses exactly what PostgreSQL refuses, for any 16-bit text in a value or a member name', async () => {
    // Escapes and their look-alikes are the interesting part: backslashes, NUL, lone and paired surrogates.
    const unit = fc.oneof(
      fc.constantFrom('\\', '\\u0000', '\\ud800', 'u', '0', 'd', '8', 'a', '"', '\u0000', '\u0001', '\ud800', '\udfff', '\ud83d\ude00'),
      fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
    );
    const accepts = (json: string) => db.pool.query('SELECT $1::jsonb', [json]).then(() => true, () => false);

    await fc.assert(
      fc.asyncProperty(fc.string({ unit, maxLength: 12 }), fc.boolean(), async (text, asName) => {
        const value = asName ? { [text]: 1 } : { text };
        const checked = (() => {
          try {
            return jsonbText(value, () => 'value', () => ({ value }));
          } catch {
            return undefined;
          }
        })();

        expect(checked !== undefined).toBe(await accepts(JSON.stringify(value)));
      }),
      { numRuns: 300 },
    );
  });
});
