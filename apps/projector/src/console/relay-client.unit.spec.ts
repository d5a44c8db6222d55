import { RelayClient } from './relay-client';

const answering = (status: number, body: unknown) => {
  const asked: { url: string; headers: unknown }[] = [];
  const fetchImpl: typeof fetch = (url, init) => {
    asked.push({ url: url instanceof Request ? url.url : url.toString(), headers: init?.headers });
    return Promise.resolve(new Response(JSON.stringify(body), { status }));
  };
  return { asked, fetchImpl };
};

describe('RelayClient', () => {
  it('asks <RELAY_URL>/relay with the caller\'s authorization and passes the figures on', async () => {
    const { asked, fetchImpl } = answering(200, { role: 'standby', checkpoint: '9007199254740993', head: '9007199254740995', lag: '2', lagSeconds: 1.5, failure: null });

    const view = await new RelayClient('http://relay:3003/ops', fetchImpl).status('Bearer abc');

    expect(view).toEqual({ reachable: true, role: 'standby', checkpoint: '9007199254740993', head: '9007199254740995', lag: '2', lagSeconds: 1.5 });
    expect(asked).toEqual([{ url: 'http://relay:3003/ops/relay', headers: { authorization: 'Bearer abc' } }]);
  });

  it('a refusal, a strange answer or no answer is "unreachable" with the reason, never a throw', async () => {
    const refused = answering(403, { code: 'FORBIDDEN', detail: 'This endpoint is for the roles: operator.' });
    expect(await new RelayClient('http://relay:3003', refused.fetchImpl).status(undefined)).toEqual({
      reachable: false,
      error: 'the relay answered 403 FORBIDDEN: This endpoint is for the roles: operator.',
    });
    const strange = answering(200, { role: 'leader', checkpoint: 12 });
    expect(await new RelayClient('http://relay:3003', strange.fetchImpl).status(undefined)).toEqual({ reachable: false, error: 'the relay answered something other than its status' });
    const down = (() => Promise.reject(new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:3003') }))) as typeof fetch;
    expect(await new RelayClient('http://127.0.0.1:3003', down).status(undefined)).toEqual({
      reachable: false,
      error: 'cannot reach the relay at http://127.0.0.1:3003/relay: connect ECONNREFUSED 127.0.0.1:3003',
    });
  });
});
