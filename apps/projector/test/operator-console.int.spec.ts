import { APP_CONFIG } from '@ledger/platform';
import { bearerFor, freePort, TEST_OPERATOR } from '@ledger/platform/testing';
import { eventually } from '@ledger/event-store/testing';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { extname, join } from 'node:path';
import { ConsoleStreams } from '../src/console/console-streams';
import { type ProjectorConfig } from '../src/projector.config';
import { openEventStream, type EventStreamReader } from './support/event-stream-reader';
import { projectorUnderTest, type ProjectorUnderTest } from './support/projector-under-test';

const consoleFolder = join(__dirname, '..', 'console');
const contentTypes: Record<string, RegExp> = {
  '.js': /^text\/javascript; charset=utf-8$/,
  '.css': /^text\/css; charset=utf-8$/,
  '.svg': /^image\/svg\+xml$/,
  '.html': /^text\/html; charset=utf-8$/,
};

interface Snapshot {
  readonly at: string;
  readonly projections: (Record<string, unknown> & { name: string; appliedPerSecond: unknown; history: unknown[]; swaps: unknown })[];
  readonly relay: Record<string, unknown>;
}

/** The operator console's server side (console contract, issue 22): page, assets, settings, and the live stream. */
describe('operator console', () => {
  let projector: ProjectorUnderTest;
  let base: string;
  let relayPort: number;
  const streams: EventStreamReader[] = [];

  beforeAll(async () => {
    relayPort = await freePort();
    projector = await projectorUnderTest({
      // Nothing listens there until the test that starts a stand-in relay.
      RELAY_URL: `http://127.0.0.1:${relayPort}`,
      CONSOLE_STREAM_INTERVAL_MS: '200',
      CONSOLE_HISTORY_SAMPLE_MS: '1000',
      CONSOLE_MAX_STREAMS: '2',
    });
    await projector.app.listen(0, '127.0.0.1');
    base = await projector.app.getUrl();
  });
  afterEach(() => {
    for (const stream of streams.splice(0)) stream.close();
  });
  afterAll(() => projector.dispose());

  const config = () => projector.app.get<ProjectorConfig>(APP_CONFIG);
  const anonymous = (url: string) => projector.app.inject({ method: 'GET', url });
  const operatorStream = async () => {
    const stream = await openEventStream(`${base}/console/stream`, await bearerFor(TEST_OPERATOR.subject, TEST_OPERATOR.roles));
    streams.push(stream);
    return stream;
  };

  it('GET /console/ is the page, to anyone, with a policy that allows only itself and the OpenID provider', async () => {
    const page = await anonymous('/console/');

    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.body).toBe(readFileSync(join(consoleFolder, 'index.html'), 'utf8'));
    const policy = String(page.headers['content-security-policy']).split('; ');
    const issuer = new URL(config().authIssuer).origin;
    expect(policy).toEqual(
      expect.arrayContaining([
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        `connect-src 'self' ${issuer}`,
        `form-action 'self' ${issuer}`,
        "frame-ancestors 'none'",
      ]),
    );
    expect(page.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'referrer-policy': 'no-referrer' });
    // The policy allows no inline script or style: the page must not need any.
    expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
    expect(page.body).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
  });

  it('GET /console redirects to console/, relative, so it works under a gateway prefix too', async () => {
    const answer = await anonymous('/console');

    expect({ status: answer.statusCode, location: answer.headers['location'] }).toEqual({ status: 301, location: 'console/' });
  });

  it('GET /console/assets/<file>: every file of the console folder, with its type, no-cache and the policy', async () => {
    const files = readdirSync(consoleFolder).filter((name) => extname(name) in contentTypes);
    expect(files).toEqual(expect.arrayContaining(['index.html', 'app.js', 'app.css']));

    for (const name of files) {
      const answer = await anonymous(`/console/assets/${name}`);
      expect({ name, status: answer.statusCode }).toEqual({ name, status: 200 });
      expect(answer.headers['content-type']).toMatch(contentTypes[extname(name)] ?? /^$/);
      expect(answer.rawPayload.equals(readFileSync(join(consoleFolder, name)))).toBe(true);
      expect(answer.headers['cache-control']).toBe('no-cache');
      expect(answer.headers['content-security-policy']).toContain("script-src 'self'");
    }
  });

  it.each([
    '/console/assets/no-such-file.js',
    '/console/assets/',
    '/console/assets/../../package.json',
    '/console/assets/..%2F..%2Fpackage.json',
    '/console/assets/%2e%2e/projector.e2e.spec.ts',
    '/console/assets/.gitignore',
    '/console/assets/sub/app.js',
    '/console/index.html',
    '/console/anything-else',
  ])('GET %s: 404, nothing outside the folder or of another kind is served', async (url) => {
    const answer = await anonymous(url);

    // A path whose dots take it out of /console is resolved before routing: an unknown path, 401 to an anonymous caller.
    expect({ url, status: answer.statusCode }).toEqual({ url, status: url.includes('/../') ? 401 : 404 });
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('GET /console/config.json: the provider, the console\'s client id and scope, to anyone', async () => {
    const answer = await anonymous('/console/config.json');

    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toEqual({ issuer: config().authIssuer, clientId: 'ledger-console', scope: 'openid' });
    expect(answer.headers['cache-control']).toBe('no-cache');
  });

  it('GET /console/stream is for operators: 401 without a token, 403 to customers and tellers', async () => {
    const callers = [
      [{}, 401, 'UNAUTHENTICATED'],
      [await bearerFor('cust-console', ['customer']), 403, 'FORBIDDEN'],
      [await bearerFor('teller-console', ['teller']), 403, 'FORBIDDEN'],
    ] as const;
    for (const [headers, status, code] of callers) {
      const answer = await projector.app.inject({ method: 'GET', url: '/console/stream', headers });
      expect({ status: answer.statusCode, code: answer.json<{ code: string }>().code }).toEqual({ status, code });
    }
  });

  it('GET /console/stream for an operator: a snapshot at once with every projection as GET /projections has it, its rate and history, and the relay unreachable', async () => {
    const stream = await operatorStream();

    expect(stream.response.status).toBe(200);
    expect(stream.response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(stream.response.headers.get('cache-control')).toBe('no-cache');
    expect(stream.response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const first = (await stream.nextEvent('snapshot')) as Snapshot;

    const listed = (await projector.get('/projections')).body['items'] as Record<string, unknown>[];
    expect(first.projections.map((item) => item.name)).toEqual(listed.map((item) => item['name']));
    for (const item of first.projections) {
      const { appliedPerSecond, history, swaps, ...asListed } = item;
      expect(Object.keys(asListed).sort()).toEqual(Object.keys(listed[0] ?? {}).sort());
      expect(asListed).toMatchObject({ version: expect.any(Number) as unknown, state: expect.any(String) as unknown, lag: expect.any(Object) as unknown });
      expect(typeof appliedPerSecond).toBe('number');
      expect(Array.isArray(history)).toBe(true);
      // No rebuild has swapped a read model of this fresh schema yet.
      expect(swaps).toBe(0);
    }
    expect(first.relay).toEqual({ reachable: false, error: expect.stringContaining(`127.0.0.1:${relayPort}`) as unknown });
    expect(Date.parse(first.at)).not.toBeNaN();

    // Then one every CONSOLE_STREAM_INTERVAL_MS, with the lag history growing (sampled every second here, the shortest allowed).
    const later = (await stream.nextEvent('snapshot')) as Snapshot;
    expect(Date.parse(later.at)).toBeGreaterThan(Date.parse(first.at));
    const grown = await eventually(
      async () => (await stream.nextEvent('snapshot')) as Snapshot,
      (snapshot) => (snapshot.projections[0]?.history.length ?? 0) >= 2,
    );
    expect(grown.projections[0]?.history[0]).toEqual({ at: expect.any(String) as unknown, lagEvents: expect.anything() as unknown, lagSeconds: expect.anything() as unknown });
  });

  it('a client that goes away ends its stream on the server', async () => {
    const stream = await operatorStream();
    await stream.nextEvent('snapshot');
    expect(projector.app.get(ConsoleStreams).count).toBe(1);

    stream.close();

    await eventually(() => Promise.resolve(projector.app.get(ConsoleStreams).count), (count) => count === 0);
  });

  it('at most CONSOLE_MAX_STREAMS at once: one more is refused with 503 until one closes', async () => {
    const [one] = [await operatorStream(), await operatorStream()];
    const refused = await projector.app.inject({ method: 'GET', url: '/console/stream', headers: await bearerFor(TEST_OPERATOR.subject, TEST_OPERATOR.roles) });
    expect({ status: refused.statusCode, code: refused.json<{ code: string }>().code }).toEqual({ status: 503, code: 'CONSOLE_STREAMS_EXHAUSTED' });

    one?.close();
    await eventually(() => Promise.resolve(projector.app.get(ConsoleStreams).count), (count) => count === 1);
    const third = await operatorStream();
    expect(third.response.status).toBe(200);
  });

  it('the relay\'s status comes from its GET /relay, asked with the operator\'s own token', async () => {
    const asked: IncomingHttpHeaders[] = [];
    const relay: Server = createServer((request, response) => {
      asked.push(request.headers);
      const status = { role: 'leader', checkpoint: '1042', head: '1044', lag: '2', lagSeconds: 0.4, failure: null };
      response.writeHead(request.url === '/relay' ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(status));
    });
    await new Promise<void>((resolve) => relay.listen(relayPort, '127.0.0.1', resolve));
    try {
      const stream = await operatorStream();
      const snapshot = await eventually(async () => (await stream.nextEvent('snapshot')) as Snapshot, (next) => next.relay['reachable'] === true);

      expect(snapshot.relay).toEqual({ reachable: true, role: 'leader', checkpoint: '1042', head: '1044', lag: '2', lagSeconds: 0.4 });
      expect(asked.at(-1)?.authorization).toBe((await bearerFor(TEST_OPERATOR.subject, TEST_OPERATOR.roles))['authorization']);
    } finally {
      relay.closeAllConnections();
      await new Promise((resolve) => relay.close(resolve));
    }
  });
});

/** Shutdown and idle timeouts, on a projector of its own: its disposal is part of the test. */
describe('operator console: a stream open while the projector stops', () => {
  it('keeps a quiet stream alive with comments past the idle timeout, and ends it when the app closes, promptly', async () => {
    const projector = await projectorUnderTest({
      RELAY_URL: `http://127.0.0.1:${await freePort()}`,
      // Snapshots rarely; the connection would idle out after 1 s without the keep-alive comments.
      CONSOLE_STREAM_INTERVAL_MS: '60000',
      HTTP_CONNECTION_TIMEOUT_MS: '1000',
    });
    let disposed = false;
    try {
      await projector.app.listen(0, '127.0.0.1');
      const stream = await openEventStream(`${await projector.app.getUrl()}/console/stream`, await bearerFor(TEST_OPERATOR.subject, TEST_OPERATOR.roles));
      await stream.nextEvent('snapshot');

      const quiet: string[] = [];
      const until = Date.now() + 2_500;
      while (Date.now() < until) {
        const item = await stream.next();
        if (item === undefined) throw new Error('the stream ended while it was quiet');
        quiet.push(item.kind === 'comment' ? item.text : item.event);
      }
      expect(quiet.length).toBeGreaterThanOrEqual(6);
      expect(new Set(quiet)).toEqual(new Set(['keep-alive']));

      const started = Date.now();
      const ended = (async () => {
        while ((await stream.next()) !== undefined);
        return Date.now() - started;
      })();
      await projector.dispose();
      disposed = true;
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(await ended).toBeLessThan(10_000);
    } finally {
      if (!disposed) await projector.dispose();
    }
  });
});
