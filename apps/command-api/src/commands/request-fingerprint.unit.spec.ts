import type { FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { canonicalJson, requestFingerprintOf } from './request-fingerprint';

const accountId = '0b1c2d3e-4f50-4a61-8b72-93a4b5c6d7e8';

const deposit = (id: string, body: unknown, url = `/accounts/${id}/deposits`) =>
  ({ method: 'POST', url, routeOptions: { url: '/accounts/:id/deposits' }, params: { id }, body }) as unknown as FastifyRequest;

describe('canonicalJson', () => {
  it('sorts the members of every object, at any depth, and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });

  it('writes strings, numbers and names exactly as JSON does', () => {
    expect(canonicalJson({ 'q"uote': 'line\nbreak', n: 1.5, t: true })).toBe('{"n":1.5,"q\\"uote":"line\\nbreak","t":true}');
  });
});

describe('requestFingerprintOf', () => {
  it('is the same for reordered body members and an account id in another case', () => {
    const first = deposit(accountId, { amount: '1.00', currency: 'EUR', reference: 'rent' });
    const retry = deposit(accountId.toUpperCase(), { reference: 'rent', currency: 'EUR', amount: '1.00' });

    expect(requestFingerprintOf(retry)).toBe(requestFingerprintOf(first));
  });

  it('differs for any other difference: a value, its case in free text, another account or route', () => {
    const fingerprint = requestFingerprintOf(deposit(accountId, { amount: '1.00', currency: 'EUR', reference: 'rent' }));
    const others = [
      deposit(accountId, { amount: '1.0', currency: 'EUR', reference: 'rent' }),
      deposit(accountId, { amount: '1.00', currency: 'EUR', reference: 'Rent' }),
      deposit(accountId, { amount: '1.00', currency: 'EUR' }),
      deposit('1b1c2d3e-4f50-4a61-8b72-93a4b5c6d7e8', { amount: '1.00', currency: 'EUR', reference: 'rent' }),
      { ...deposit(accountId, { amount: '1.00', currency: 'EUR', reference: 'rent' }), routeOptions: { url: '/accounts/:id/withdrawals' } } as unknown as FastifyRequest,
    ];

    expect(others.map(requestFingerprintOf)).not.toContain(fingerprint);
    expect(new Set(others.map(requestFingerprintOf)).size).toBe(others.length);
  });

  it('is the same for a transfer whose three ids come in another case, and differs for another account', () => {
    const transfer = (body: Record<string, string>) =>
      ({ method: 'POST', url: '/transfers', routeOptions: { url: '/transfers' }, params: {}, body }) as unknown as FastifyRequest;
    const ids = { transferId: 'c4e2c9a1-7d3f-4e6b-8a52-1c9d0e7f3a68', fromAccountId: accountId, toAccountId: '3f8b1c6d-2e4a-4b7c-9d05-8a1e6f2b3c47' };
    const first = requestFingerprintOf(transfer({ ...ids, amount: '1.00', currency: 'EUR' }));
    const upper = Object.fromEntries(Object.entries(ids).map(([name, id]) => [name, id.toUpperCase()]));

    expect(requestFingerprintOf(transfer({ amount: '1.00', currency: 'EUR', ...upper }))).toBe(first);
    expect(requestFingerprintOf(transfer({ ...ids, toAccountId: '4f8b1c6d-2e4a-4b7c-9d05-8a1e6f2b3c47', amount: '1.00', currency: 'EUR' }))).not.toBe(first);
  });

  it('keeps the shape keys were recorded with before: a request spelt canonically matches its old fingerprint', () => {
    const body = { amount: '1.00', currency: 'EUR', reference: 'rent' };
    const before = `POST /accounts/${accountId}/deposits ${createHash('sha256').update(JSON.stringify(body)).digest('base64url')}`;

    expect(requestFingerprintOf(deposit(accountId, body))).toBe(before);
  });
});
