import { BODY_LIMIT_BYTES } from '@ledger/platform';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { dropSchema, startCommandApi, type CommandApiUnderTest, type HttpAnswer } from './command-api.harness';

const ownerId = '3b9f1c2a-8d4e-4f6a-b1c3-9e8d7f6a5b4c';

/** A JSON member name: the deposit's own (also escaped), `__proto__`, or any string. */
const memberName = fc.oneof(fc.constantFrom('"amount"', '"currency"', '"reference"', '"\\u0061mount"', '"x"', '"__proto__"', '"constructor"', '"prototype"'), fc.string().map((name) => JSON.stringify(name)));

/** JSON text of random shape, repeated member names included (they are not rare among eight names). */
const { json: jsonText } = fc.letrec<{ json: string; scalar: string; array: string; object: string }>((tie) => ({
  json: fc.oneof({ depthSize: 'medium', maxDepth: 12 }, tie('scalar'), tie('array'), tie('object')),
  scalar: fc.oneof(
    fc.constantFrom('true', 'false', 'null', '"1.00"', '"EUR"', '"\\"{[\\\\"', '-0', '1e400'),
    fc.string({ unit: 'binary' }).map((text) => JSON.stringify(text)),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  ),
  array: fc.array(tie('json'), { maxLength: 5 }).map((items) => `[${items.join(',')}]`),
  object: fc.array(fc.tuple(memberName, tie('json')), { maxLength: 6 }).map((members) => `{${members.map(([name, value]) => `${name}:${value}`).join(',')}}`),
}));

/** `inner` under 1 to 20,000 arrays or objects: around the depth limit and far past it, up to and over the body limit. */
const deeplyNested = fc
  .tuple(fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 20_000 })), fc.constantFrom(['[', ']'], ['{"x":', '}']), jsonText)
  .map(([depth, [open, close], inner]) => `${open.repeat(depth)}${inner}${close.repeat(depth)}`);

/** API.md: bad input gets a clear 4xx problem and loses nothing; never a 500. */
describe('command API: bad input', () => {
  let api: CommandApiUnderTest;
  let accountId: string;
  beforeAll(async () => {
    api = await startCommandApi();
    accountId = String((await api.post('/accounts', { ownerId, currency: 'EUR' })).body['accountId']);
    await api.post(`/accounts/${accountId}/deposits`, { amount: '100', currency: 'EUR' });
  });
  afterAll(async () => {
    await api.close();
    await dropSchema(api.schema);
  });

  const fieldErrors = (answer: HttpAnswer) => answer.body['errors'] as { field: string; message: string }[];
  const expectUntouched = async () => expect((await api.account(accountId)).revisions).toEqual([0n, 1n]);

  it.each([
    ['a negative amount', { amount: '-5', currency: 'EUR' }, 'amount', /negative/],
    ['a zero amount', { amount: '0', currency: 'EUR' }, 'amount', /greater than zero/],
    ['more decimals than the currency has', { amount: '1.005', currency: 'EUR' }, 'amount', /at most 2 decimals/],
    ['decimals in a currency without minor units', { amount: '1.5', currency: 'JPY' }, 'amount', /no decimals/],
    ['an amount as a JSON number', { amount: 12.5, currency: 'EUR' }, 'amount', /string/],
    ['an exponent', { amount: '1e3', currency: 'EUR' }, 'amount', /not a decimal/],
    ['an absurdly large amount', { amount: '9'.repeat(40), currency: 'EUR' }, 'amount', /too large/],
    ['an unknown currency', { amount: '1', currency: 'XYZ' }, 'currency', /not a supported ISO 4217/],
    ['a lower-case currency', { amount: '1', currency: 'eur' }, 'currency', /not an ISO 4217/],
    ['a missing currency', { amount: '1' }, 'currency', /string/],
    ['an unknown field', { amount: '1', currency: 'EUR', amout: '2' }, 'amout', /should not exist/],
    ['a reference that is not text', { amount: '1', currency: 'EUR', reference: { a: 1 } }, 'reference', /string/],
    ['a reference over 140 characters', { amount: '1', currency: 'EUR', reference: 'r'.repeat(141) }, 'reference', /140/],
    ['a reference that is a lone UTF-16 surrogate', { amount: '1', currency: 'EUR', reference: '\ud800' }, 'reference', /well-formed Unicode/],
    ['a reference holding NUL', { amount: '1', currency: 'EUR', reference: 'a\u0000b' }, 'reference', /control characters/],
    ['a reference holding a line break', { amount: '1', currency: 'EUR', reference: 'a\r\nb' }, 'reference', /control characters/],
  ])('400 VALIDATION_FAILED for %s, naming the field', async (_case, body, field, reason) => {
    const answer = await api.post(`/accounts/${accountId}/deposits`, body);

    expect(answer.status).toBe(400);
    expect(answer.body['code']).toBe('VALIDATION_FAILED');
    expect(fieldErrors(answer)).toContainEqual({ field, message: expect.stringMatching(reason) as unknown });
    await expectUntouched();
  });

  it('reports every broken field of one request at once', async () => {
    const answer = await api.post('/accounts', { ownerId: 'no pe', currency: 'euro', accountId: 42 });

    expect(fieldErrors(answer).map((error) => error.field).sort()).toEqual(['accountId', 'currency', 'ownerId']);
  });

  it('400 for an account id in the path that is not a UUID', async () => {
    const answer = await api.post('/accounts/not-a-uuid/deposits', { amount: '1', currency: 'EUR' });

    expect(answer.status).toBe(400);
    expect(fieldErrors(answer)).toEqual([{ field: 'id', message: expect.stringMatching(/not a UUID/) as unknown }]);
  });

  it('400 for text PostgreSQL cannot store in any free-text field of any command, and nothing appended', async () => {
    const refusals = [
      [`/accounts/${accountId}/withdrawals`, { amount: '1', currency: 'EUR', reference: 'x\udfff' }, 'reference'],
      [`/accounts/${accountId}/freeze`, { reason: 'fraud \ud83d' }, 'reason'],
      [`/accounts/${accountId}/freeze`, { reason: 'fraud\u0000' }, 'reason'],
      ['/accounts', { ownerId: 'bank\u0000', currency: 'EUR' }, 'ownerId'],
    ] as const;

    for (const [path, body, field] of refusals) {
      const answer = await api.post(path, body);

      expect([answer.status, answer.body['code']]).toEqual([400, 'VALIDATION_FAILED']);
      expect(fieldErrors(answer).map((error) => error.field)).toContain(field);
    }
    await expectUntouched();
  });

  it('stores well-formed text of any script, emoji included, as sent', async () => {
    const ownAccount = String((await api.post('/accounts', { ownerId, currency: 'EUR' })).body['accountId']);
    const reference = 'Zahlung für Åsa – 払い \ud83d\udcb6';

    expect((await api.post(`/accounts/${ownAccount}/deposits`, { amount: '1', currency: 'EUR', reference })).status).toBe(201);
    expect((await api.post(`/accounts/${ownAccount}/freeze`, { reason: reference })).status).toBe(200);
    expect((await api.account(ownAccount)).state).toMatchObject({ status: 'frozen', reason: reference });
  });

  it('400 for a blank freeze reason, and for any field sent to unfreeze or close', async () => {
    expect(fieldErrors(await api.post(`/accounts/${accountId}/freeze`, { reason: '   ' }))).toEqual([{ field: 'reason', message: 'reason must not be blank' }]);
    expect(fieldErrors(await api.post(`/accounts/${accountId}/close`, { force: true }))).toEqual([{ field: 'force', message: 'property force should not exist' }]);
    await expectUntouched();
  });

  it('400 MALFORMED_JSON for a body that is not valid JSON', async () => {
    const answer = await api.send(`/accounts/${accountId}/deposits`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"amount": "1",' });

    expect([answer.status, answer.body['code']]).toEqual([400, 'MALFORMED_JSON']);
  });

  it('415 for a body that is not JSON', async () => {
    const answer = await api.send(`/accounts/${accountId}/deposits`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'amount=1' });

    expect([answer.status, answer.body['code']]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
  });

  it('413 for a body over 64 KiB', async () => {
    const answer = await api.post(`/accounts/${accountId}/deposits`, { amount: '1', currency: 'EUR', reference: 'x'.repeat(70_000) });

    expect([answer.status, answer.body['code']]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    await expectUntouched();
  });

  describe('bodies shaped to hurt (issue 26)', () => {
    const sendJson = (body: string) => api.send(`/accounts/${accountId}/deposits`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const expectNothingAppended = async () => {
      const { state, revisions } = await api.account(accountId);
      expect(revisions).toEqual([0n, 1n]);
      expect(state).toMatchObject({ status: 'open', balance: { amountMinor: 10_000n } });
    };

    it('400 VALIDATION_FAILED, not 500, for a deposit with 3,000 levels of arrays in an unknown field', async () => {
      const answer = await sendJson(`{"amount":"1.00","currency":"EUR","x":${'['.repeat(3_000)}${']'.repeat(3_000)}}`);

      expect([answer.status, answer.body['code']]).toEqual([400, 'VALIDATION_FAILED']);
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(fieldErrors(answer)).toEqual([{ field: `x${'.0'.repeat(31)}`, message: 'nests deeper than 32 levels of objects and arrays' }]);
      await expectNothingAppended();
    });

    it('400 naming `amount` for a deposit with two amounts (however spelt), and nothing appended', async () => {
      for (const body of ['{"amount":"1.00","currency":"EUR","amount":"99999.00"}', '{"amount":"1.00","currency":"EUR","\\u0061mount":"99999.00"}']) {
        const answer = await sendJson(body);

        expect([answer.status, answer.body['code']]).toEqual([400, 'VALIDATION_FAILED']);
        expect(fieldErrors(answer)).toEqual([{ field: 'amount', message: 'property amount appears more than once' }]);
      }
      await expectNothingAppended();
    });

    it('400 for an unknown field holding nested values, reported as unknown without being transformed', async () => {
      const answer = await sendJson(`{"amount":"1.00","currency":"EUR","x":{"y":${'[{"z":'.repeat(15)}1${'}]'.repeat(15)}}}`);

      expect([answer.status, answer.body['code']]).toEqual([400, 'VALIDATION_FAILED']);
      expect(fieldErrors(answer)).toEqual([{ field: 'x', message: 'property x should not exist' }]);
      await expectNothingAppended();
    });

    it('answers JSON of any shape and size up to the limit with 2xx or a 4xx problem, never a 5xx', async () => {
      const ownAccount = String((await api.post('/accounts', { ownerId, currency: 'EUR' })).body['accountId']);
      const paths = ['/accounts', `/accounts/${ownAccount}/deposits`, `/accounts/${ownAccount}/freeze`, `/accounts/${ownAccount}/close`];
      const body = fc.oneof(jsonText, deeplyNested, deeplyNested.map((deep) => `{"amount":"1.00","currency":"EUR","x":${deep}}`));

      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...paths), body, async (path, sent) => {
          const answer = await api.send(path, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() }, body: sent });
          const tooLarge = Buffer.byteLength(sent) > BODY_LIMIT_BYTES;
          if (answer.status >= 500 || (tooLarge && answer.status !== 413)) throw new Error(`${path} ${sent.slice(0, 200)}… (${sent.length} characters) → ${answer.status} ${JSON.stringify(answer.body)}`);
          if (answer.status >= 400) expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        }),
        { numRuns: 200 },
      );
    });
  });

  it('answers any JSON body on any command with 2xx or a 4xx problem, never a 5xx', async () => {
    const paths = ['/accounts', `/accounts/${accountId}/deposits`, `/accounts/${accountId}/withdrawals`, `/accounts/${accountId}/freeze`];
    const value = fc.jsonValue({ maxDepth: 2 });
    const body = fc.oneof(
      value,
      fc.record({ amount: fc.oneof(fc.string(), value), currency: fc.oneof(fc.constantFrom('EUR', 'JPY', 'eur', ''), value) }, { requiredKeys: [] }),
      fc.record({ ownerId: fc.oneof(fc.uuid(), value), currency: fc.string({ maxLength: 4 }), accountId: fc.oneof(fc.uuid(), value) }, { requiredKeys: [] }),
    );

    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), body, async (path, sent) => {
        const answer = await api.post(path, sent, { 'idempotency-key': randomUUID() });
        if (answer.status >= 500) throw new Error(`${path} ${JSON.stringify(sent)} → ${answer.status} ${JSON.stringify(answer.body)}`);
        if (answer.status >= 400) expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      }),
      { numRuns: 150 },
    );
  });
});
