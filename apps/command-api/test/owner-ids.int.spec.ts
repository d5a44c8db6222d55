import { randomUUID } from 'node:crypto';
import { commandApiForThisFile } from './command-api.harness';

/** API.md "Ids": owner ids are the bank's own customer ids, 1–64 characters from [A-Za-z0-9._:@-]. */
describe('command API: owner ids', () => {
  const api = commandApiForThisFile();

  it.each([
    ['one character', 'x'],
    ['64 characters', 'C'.repeat(64)],
    ['@, : and . among letters of both cases', 'Cust.Nr_7:branch@bank-DE'],
    ['a UUID in upper case', '6F1C2A9E-3B4D-4E5F-8A7B-9C0D1E2F3A4B'],
  ])('opens an account for %s and stores the id exactly as sent', async (_case, ownerId) => {
    const accountId = randomUUID();

    const answer = await api().post('/accounts', { accountId, ownerId, currency: 'EUR' });

    expect(answer.status).toBe(201);
    expect((await api().account(accountId)).state).toMatchObject({ status: 'open', ownerId });
  });

  it('keeps case: the same id in other case is another customer', async () => {
    const [upper, lower] = [randomUUID(), randomUUID()];

    await api().post('/accounts', { accountId: upper, ownerId: 'Cust-7', currency: 'EUR' });
    await api().post('/accounts', { accountId: lower, ownerId: 'cust-7', currency: 'EUR' });

    expect([(await api().account(upper)).state, (await api().account(lower)).state]).toEqual([
      expect.objectContaining({ ownerId: 'Cust-7' }),
      expect.objectContaining({ ownerId: 'cust-7' }),
    ]);
  });

  it.each([
    ['65 characters', 'C'.repeat(65)],
    ['an empty id', ''],
    ['a space', 'cust 7'],
    ['a slash', 'cust/7'],
    ['a plus', 'cust+7'],
    ['a letter outside ASCII', 'kundé'],
    ['a line break', 'cust-7\n'],
    ['a number, not a string', 42],
  ])('400 VALIDATION_FAILED naming ownerId for %s, and no account opened', async (_case, ownerId) => {
    const accountId = randomUUID();

    const answer = await api().post('/accounts', { accountId, ownerId, currency: 'EUR' });

    expect([answer.status, answer.body['code']]).toEqual([400, 'VALIDATION_FAILED']);
    expect(answer.body['errors']).toContainEqual({ field: 'ownerId', message: expect.stringMatching(/owner id must be 1 to 64 characters|must be a string/) as unknown });
    expect((await api().account(accountId)).revisions).toEqual([]);
  });

  it('publishes the rule in the OpenAPI document', async () => {
    const document = (await (await fetch(`${api().url}/docs/json`)).json()) as {
      components: { schemas: Record<string, { properties: Record<string, Record<string, unknown>> }> };
    };

    expect(document.components.schemas['OpenAccountRequest']?.properties['ownerId']).toMatchObject({
      type: 'string',
      pattern: '^[A-Za-z0-9._:@-]{1,64}$',
      minLength: 1,
      maxLength: 64,
    });
  });
});
