import { accountStreamId } from '@ledger/domain';
import { bearerFor, forgedTokens, stackIssuer, stackToken } from '@ledger/platform/testing';
import { randomUUID } from 'node:crypto';
import { commandApiForThisFile, dropSchema, startCommandApi, type HttpAnswer } from './command-api.harness';

const customer = (subject: string) => bearerFor(subject, ['customer']);
const teller = () => bearerFor('teller-access', ['teller']);
const operator = () => bearerFor('operator-access', ['operator']);

/** Every command of API.md with a body it accepts on an open EUR account holding 10.00. */
const accountCommands = (accountId: string) =>
  [
    [`/accounts/${accountId}/deposits`, { amount: '1', currency: 'EUR' }],
    [`/accounts/${accountId}/withdrawals`, { amount: '1', currency: 'EUR' }],
    [`/accounts/${accountId}/freeze`, { reason: 'checking' }],
    [`/accounts/${accountId}/unfreeze`, {}],
    [`/accounts/${accountId}/close`, {}],
  ] as const;

const expectProblem = (answer: HttpAnswer, status: number, code: string) => {
  expect({ status: answer.status, code: answer.body['code'], type: answer.headers.get('content-type') }).toEqual({
    status,
    code,
    type: 'application/problem+json; charset=utf-8',
  });
};

/** API.md "Identity and access" on the command side, with tokens from the stack's real OpenID provider. */
describe('command API: identity and access', () => {
  const api = commandApiForThisFile();

  const openAs = async (headers: Record<string, string>, body: Record<string, unknown> = {}): Promise<string> => {
    const answer = await api().post('/accounts', { currency: 'EUR', ...body }, headers);
    expect(answer.status).toBe(201);
    return String(answer.body['accountId']);
  };
  const fundedBy = async (headers: Record<string, string>, accountId: string) => {
    expect((await api().post(`/accounts/${accountId}/deposits`, { amount: '10', currency: 'EUR' }, headers)).status).toBe(201);
  };

  describe('who may call at all', () => {
    it('answers every command without a token 401 with WWW-Authenticate: Bearer, appending nothing', async () => {
      const accountId = await openAs(await customer('cust-anon'));
      for (const [path, body] of [['/accounts', { currency: 'EUR', ownerId: 'x' }], ...accountCommands(accountId)] as const) {
        const answer = await api().post(path, body, { authorization: '' });

        expectProblem(answer, 401, 'UNAUTHENTICATED');
        expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="ledger"');
      }
      expect((await api().account(accountId)).revisions).toEqual([0n]);
    });

    it('answers every command 403 to an operator, whose role is the projector’s, appending nothing', async () => {
      const accountId = await openAs(await teller(), { ownerId: 'cust-op' });
      for (const [path, body] of [['/accounts', { currency: 'EUR', ownerId: 'x' }], ...accountCommands(accountId)] as const) {
        expectProblem(await api().post(path, body, await operator()), 403, 'FORBIDDEN');
      }
      expect((await api().account(accountId)).revisions).toEqual([0n]);
    });

    it('answers a token without any Ledger role 403', async () => {
      expectProblem(await api().post('/accounts', { currency: 'EUR' }, await bearerFor('nobody', ['auditor'])), 403, 'FORBIDDEN');
    });

    it('leaves /health open and answers an unknown path 401 to an anonymous caller, 404 to a known one', async () => {
      expect((await fetch(`${api().url}/health/live`)).status).toBe(200);
      expect((await fetch(`${api().url}/health/ready`)).status).toBe(200);
      expect((await fetch(`${api().url}/no-such-path`)).status).toBe(401);
      expect((await fetch(`${api().url}/no-such-path`, { headers: await teller() })).status).toBe(404);
    });
  });

  describe('tokens the API refuses', () => {
    const refusedWith = async (token: string, description: RegExp) => {
      const answer = await api().post('/accounts', { currency: 'EUR' }, { authorization: `Bearer ${token}` });
      expectProblem(answer, 401, 'UNAUTHENTICATED');
      expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer realm="ledger", error="invalid_token", error_description="[^"]+"$/);
      expect(answer.headers.get('www-authenticate')).toMatch(description);
    };

    it('refuses an expired token', async () => {
      await refusedWith(await stackToken({ subject: 'cust-exp', roles: ['customer'], expiresInSeconds: -120 }), /expired/);
    });

    it('refuses a token that is not valid yet', async () => {
      await refusedWith(await stackToken({ subject: 'cust-nbf', roles: ['customer'], notBeforeSeconds: 600 }), /not valid yet/);
    });

    it('refuses a token for another audience', async () => {
      await refusedWith(await stackToken({ subject: 'cust-aud', roles: ['customer'], audience: 'another-api' }), /aud claim/);
    });

    it('refuses a token whose claims were changed after signing (bad signature)', async () => {
      const genuine = await stackToken({ subject: 'cust-sig', roles: ['customer'] });
      await refusedWith(forgedTokens.withClaimsChanged(genuine, { sub: 'someone-else', roles: ['teller'] }), /signature/);
    });

    it('refuses alg: none', async () => {
      await refusedWith(forgedTokens.unsigned(await stackToken({ subject: 'cust-none', roles: ['teller'] })), /algorithm/);
    });

    it('refuses HS256 signed with the issuer’s public key as the secret', async () => {
      const genuine = await stackToken({ subject: 'cust-hs', roles: ['teller'] });
      await refusedWith(await forgedTokens.signedWithPublicKeyAsSecret(genuine, `${stackIssuer()}/jwks`), /algorithm/);
    });

    it('refuses a malformed header value and a non-bearer scheme as missing tokens', async () => {
      for (const authorization of ['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer a b', 'Bearer not-a-jwt']) {
        const answer = await api().post('/accounts', { currency: 'EUR' }, { authorization });
        expectProblem(answer, 401, 'UNAUTHENTICATED');
      }
    });

    it('refuses a genuine token from another issuer than the configured one', async () => {
      // The same provider's keys, but the API expects another `iss`: only the issuer check can refuse it.
      const strict = await startCommandApi({ AUTH_ISSUER: 'https://login.example.com/', AUTH_JWKS_URL: `${stackIssuer()}/jwks` });
      try {
        const answer = await strict.post('/accounts', { currency: 'EUR' }, await customer('cust-iss'));
        expectProblem(answer, 401, 'UNAUTHENTICATED');
        expect(answer.headers.get('www-authenticate')).toMatch(/iss claim/);
      } finally {
        await strict.close();
        await dropSchema(strict.schema);
      }
    });
  });

  describe('customers and their own accounts', () => {
    it('opens an account for the customer themselves: ownerId omitted or their own subject; another owner is 403', async () => {
      const subject = `cust-${randomUUID().slice(0, 8)}`;
      const headers = await customer(subject);

      const omitted = await openAs(headers);
      const named = await openAs(headers, { ownerId: subject });
      const forSomeoneElse = await api().post('/accounts', { currency: 'EUR', ownerId: 'someone-else' }, headers);

      expect((await api().account(omitted)).state).toMatchObject({ status: 'open', ownerId: subject });
      expect((await api().account(named)).state).toMatchObject({ status: 'open', ownerId: subject });
      expectProblem(forSomeoneElse, 403, 'FORBIDDEN');
    });

    it('runs every command on the customer’s own account', async () => {
      const headers = await customer(`cust-${randomUUID().slice(0, 8)}`);
      const accountId = await openAs(headers);
      await fundedBy(headers, accountId);

      for (const [path, body] of accountCommands(accountId)) {
        if (path.endsWith('/close')) expect((await api().post(`/accounts/${accountId}/withdrawals`, { amount: '10', currency: 'EUR' }, headers)).status).toBe(201);
        expect((await api().post(path, body, headers)).status).toBeLessThan(300);
      }
      expect((await api().account(accountId)).state.status).toBe('closed');
    });

    it('answers every command on another customer’s account 404 ACCOUNT_NOT_FOUND, as for an account that does not exist, and appends nothing', async () => {
      const owner = await customer(`cust-${randomUUID().slice(0, 8)}`);
      const intruder = await customer(`cust-${randomUUID().slice(0, 8)}`);
      const accountId = await openAs(owner);
      await fundedBy(owner, accountId);
      const unknownId = randomUUID();

      for (const [path, body] of accountCommands(accountId)) {
        // With If-Match too: a 412 naming the current revision would tell that the account exists.
        for (const conditional of [{}, { 'if-match': '"0"' }, { 'if-match': '"1"' }] as Record<string, string>[]) {
          const answer = await api().post(path, body, { ...intruder, ...conditional });
          const unknown = await api().post(path.replace(accountId, unknownId), body, { ...intruder, ...conditional });

          expectProblem(answer, 404, 'ACCOUNT_NOT_FOUND');
          expect({ ...answer.body, accountId: '-', detail: '-' }).toEqual({ ...unknown.body, accountId: '-', detail: '-' });
        }
      }
      expect((await api().account(accountId)).revisions).toEqual([0n, 1n]);
    });

    it('lets a teller run every command on any owner’s account, and requires ownerId to open one', async () => {
      const owner = await customer(`cust-${randomUUID().slice(0, 8)}`);
      const accountId = await openAs(owner);
      await fundedBy(await teller(), accountId);

      expect((await api().post(`/accounts/${accountId}/withdrawals`, { amount: '4', currency: 'EUR' }, await teller())).status).toBe(201);
      const withoutOwner = await api().post('/accounts', { currency: 'EUR' }, await teller());
      expectProblem(withoutOwner, 400, 'VALIDATION_FAILED');
      expect(withoutOwner.body['errors']).toEqual([{ field: 'ownerId', message: 'is required when a teller opens an account' }]);
    });
  });

  describe('browsers', () => {
    it('sends security headers on every answer, a refusal included, and allows no other origin by default', async () => {
      const origin = { origin: 'https://elsewhere.example.com' };
      for (const answer of [await api().post('/accounts', { currency: 'EUR' }, origin), await api().post('/accounts', { currency: 'EUR' }, { ...origin, authorization: '' })]) {
        expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
        expect(answer.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
        expect(answer.headers.get('x-frame-options')).toBe('DENY');
        expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
        expect(answer.headers.get('access-control-allow-origin')).toBeNull();
      }
      const preflight = await fetch(`${api().url}/accounts`, { method: 'OPTIONS', headers: { ...origin, 'access-control-request-method': 'POST' } });
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('answers a preflight from a configured origin, without a token, and lets it read the headers the API documents', async () => {
      const open = await startCommandApi({ CORS_ORIGINS: 'https://app.example.com' });
      try {
        const preflight = await fetch(`${open.url}/accounts`, {
          method: 'OPTIONS',
          headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,idempotency-key' },
        });
        const call = await open.post('/accounts', { currency: 'EUR' }, { ...(await customer('cust-cors')), origin: 'https://app.example.com' });
        const stranger = await open.post('/accounts', { currency: 'EUR' }, { ...(await customer('cust-cors')), origin: 'https://evil.example.com' });

        expect(preflight.status).toBe(204);
        expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
        expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
        expect(call.status).toBe(201);
        expect(call.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
        expect(call.headers.get('access-control-expose-headers')).toMatch(/ETag.*Location/);
        expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
      } finally {
        await open.close();
        await dropSchema(open.schema);
      }
    });
  });

  describe('who did it', () => {
    it('records the token’s subject and roles as the actor of every event, whatever the body says', async () => {
      const subject = `cust-${randomUUID().slice(0, 8)}`;
      const headers = await customer(subject);
      const accountId = await openAs(headers);
      await fundedBy(await bearerFor('teller-7', ['teller', 'operator']), accountId);
      const smuggled = await api().post(`/accounts/${accountId}/deposits`, { amount: '1', currency: 'EUR', actor: 'admin' }, headers);

      const stored = await api().pool.query<{ actor: string; actor_roles: string }>(
        `SELECT metadata->>'actor' AS actor, metadata->>'actorRoles' AS actor_roles FROM "${api().schema}".events WHERE stream_id = $1 ORDER BY stream_revision`,
        [accountStreamId(accountId)],
      );
      expect(smuggled.status).toBe(400);
      expect(stored.rows).toEqual([
        { actor: subject, actor_roles: 'customer' },
        { actor: 'teller-7', actor_roles: 'teller,operator' },
      ]);
    });
  });

  describe('idempotency keys per subject', () => {
    it('runs one key used by two subjects twice, once for each, and still replays each subject’s own repeat', async () => {
      const [alice, bob] = [await customer(`alice-${randomUUID().slice(0, 8)}`), await customer(`bob-${randomUUID().slice(0, 8)}`)];
      const [aliceAccount, bobAccount] = [await openAs(alice), await openAs(bob)];
      const key = { 'idempotency-key': `order-${randomUUID()}` };

      const aliceFirst = await api().post(`/accounts/${aliceAccount}/deposits`, { amount: '5', currency: 'EUR' }, { ...alice, ...key });
      const bobFirst = await api().post(`/accounts/${bobAccount}/deposits`, { amount: '7', currency: 'EUR' }, { ...bob, ...key });
      const aliceAgain = await api().post(`/accounts/${aliceAccount}/deposits`, { amount: '5', currency: 'EUR' }, { ...alice, ...key });
      // Bob's key is his alone: Alice's body under it is a new request of Bob's own, on an account he cannot see.
      const bobWithAlicesBody = await api().post(`/accounts/${aliceAccount}/deposits`, { amount: '5', currency: 'EUR' }, { ...bob, ...key });

      expect([aliceFirst.status, bobFirst.status]).toEqual([201, 201]);
      expect(bobFirst.headers.get('idempotent-replayed')).toBeNull();
      expect({ status: aliceAgain.status, body: aliceAgain.body, replayed: aliceAgain.headers.get('idempotent-replayed') }).toEqual({
        status: 201,
        body: aliceFirst.body,
        replayed: 'true',
      });
      expectProblem(bobWithAlicesBody, 422, 'IDEMPOTENCY_KEY_REUSED');
      expect((await api().account(aliceAccount)).revisions).toEqual([0n, 1n]);
      expect((await api().account(bobAccount)).revisions).toEqual([0n, 1n]);
    });
  });
});
