import { freePort } from './free-port';
import { runBuiltAppToExit, startBuiltApp, type RunningApp } from './built-app';
import { bearerFor, stackIssuer, TEST_OPERATOR, withTestToken } from './stack-tokens';

export interface BuiltAppUnderTest {
  /** The app's name, as on its log lines and metrics. */
  readonly app: string;
  /** Absolute path of the built entry (`apps/<app>/dist/main.js`). */
  readonly main: string;
  /** The variable that sets the app's port, e.g. `COMMAND_API_PORT`. */
  readonly portVariable: string;
  /** What `/health` must report for each dependency when the stack is up. */
  readonly healthyChecks: Readonly<Record<string, unknown>>;
  /** Environment that makes every dependency unreachable, given a port nothing listens on. */
  readonly unreachable: (closedPort: number) => Readonly<Record<string, string>>;
  /**
   * Dependencies only some features need (`HealthCheck.optional`), each with the environment
   * that makes it alone unreachable: the app must stay ready without it.
   */
  readonly optionalDependencies?: Readonly<Record<string, (closedPort: number) => Readonly<Record<string, string>>>>;
  /** One of the app's paths asked with a method it does not declare: must be 405 with `Allow`. */
  readonly undeclaredMethod: UndeclaredMethod;
  /** The variables without a default in production (NODE_ENV=production): the servers it needs and the token issuer. */
  readonly productionRequired: readonly string[];
}

/** Every variable some app requires in production; all are removed before the production boot is tried. */
const productionRequired = ['DATABASE_URL', 'KAFKA_BROKERS', 'MONGODB_URL', 'AUTH_ISSUER', 'REDIS_URL'];

interface HealthBody {
  readonly status: string;
  readonly checks: Readonly<Record<string, { readonly status: string; readonly optional?: boolean }>>;
}

async function getJson(url: string): Promise<{ status: number; body: HealthBody }> {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as HealthBody };
}

/** Starts the built app on a free port with `env` over the test's own environment. */
export async function startOnFreePort(subject: Pick<BuiltAppUnderTest, 'main' | 'portVariable'>, env: Readonly<Record<string, string>> = {}): Promise<RunningApp> {
  const port = await freePort();
  return startBuiltApp({ main: subject.main, env: { ...process.env, HOST: '127.0.0.1', [subject.portVariable]: String(port), ...env } });
}

/** A request to one of the app's own paths with a method that path does not declare, and the methods it does. */
export interface UndeclaredMethod {
  readonly method: string;
  readonly path: string;
  /** The `Allow` header expected, e.g. `GET, HEAD`. */
  readonly allow: string;
}

/**
 * What every app promises operators (API.md: /health/live, /health/ready, /health, /metrics,
 * 405 for an undeclared method; STYLE.md: config fails fast), written once and run by each app's
 * e2e spec in one line, against the built app over HTTP.
 */
export function describeBuiltAppOperations(subject: BuiltAppUnderTest): void {
  describe(`${subject.app}, built and running against the local stack`, () => {
    let app: RunningApp | undefined;
    beforeAll(async () => {
      app = await startOnFreePort(subject);
    });
    afterAll(async () => {
      await app?.stop();
    });
    const url = (path: string): string => `${app?.url ?? 'http://not-started'}${path}`;

    it.each(['/health/ready', '/health'])('is ready: %s answers 200 with every dependency up', async (path) => {
      const response = await fetch(url(path));

      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'up', checks: subject.healthyChecks });
    });

    it('answers a method its path does not declare with 405, Allow and a problem; an unknown path stays 404', async () => {
      const { method, path, allow } = subject.undeclaredMethod;
      const response = await fetch(url(path), { method, headers: await withTestToken() });

      expect({ status: response.status, allow: response.headers.get('allow'), type: response.headers.get('content-type') }).toEqual({
        status: 405,
        allow,
        type: 'application/problem+json; charset=utf-8',
      });
      expect(await response.json()).toMatchObject({ status: 405, code: 'METHOD_NOT_ALLOWED' });
      expect((await fetch(url('/no-such-path'), { method, headers: await withTestToken() })).status).toBe(404);
    });

    it('is live: /health/live answers 200 without a word about dependencies', async () => {
      const response = await fetch(url('/health/live'));

      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'up' });
    });

    it('serves Prometheus metrics including the HTTP request histogram', async () => {
      await fetch(url('/health'));
      const response = await fetch(url('/metrics'));

      expect(response.status).toBe(200);
      expect(await response.text()).toContain(
        `http_request_duration_seconds_count{app="${subject.app}",method="GET",route="/health",status="200"}`,
      );
    });
  });

  describe(`${subject.app}, started in a broken environment`, () => {
    it('still starts with every dependency unreachable: live (200), not ready (503), each dependency down', async () => {
      const app = await startOnFreePort(subject, subject.unreachable(await freePort()));
      try {
        const live = await getJson(`${app.url}/health/live`);
        expect(live).toEqual({ status: 200, body: { status: 'up' } });
        for (const path of ['/health/ready', '/health']) {
          const { status, body } = await getJson(`${app.url}${path}`);

          expect(status).toBe(503);
          expect(body.status).toBe('down');
          expect(Object.keys(body.checks).sort()).toEqual(Object.keys(subject.healthyChecks).sort());
          expect(Object.values(body.checks).every((check) => check.status === 'down')).toBe(true);
        }
      } finally {
        await app.stop();
      }
    });

    const optional = Object.entries(subject.optionalDependencies ?? {});
    // jest refuses an empty table, and an app without optional dependencies has nothing to prove here.
    if (optional.length > 0) it.each(optional)(
      'stays ready with only its optional dependency %s unreachable, reporting it down and optional',
      async (name, unreachable) => {
        const app = await startOnFreePort(subject, unreachable(await freePort()));
        try {
          const { status, body } = await getJson(`${app.url}/health/ready`);

          expect(status).toBe(200);
          expect(body.status).toBe('up');
          expect(body.checks[name]).toMatchObject({ status: 'down', optional: true });
          expect(Object.entries(body.checks).filter(([other]) => other !== name).every(([, check]) => check.status === 'up')).toBe(true);
        } finally {
          await app.stop();
        }
      },
    );

    it('closes cleanly on SIGTERM: exit code 0 after a "stopped" log line', async () => {
      const app = await startOnFreePort(subject);

      await expect(app.stop()).resolves.toBe(0);
      expect(app.output().some((line) => line.includes('"message":"stopped"'))).toBe(true);
    });

    it('refuses to start in production configuration without its servers and issuer, naming each missing variable on one line', async () => {
      const withoutDefaults = Object.fromEntries(Object.entries(process.env).filter(([name]) => !productionRequired.includes(name)));
      const result = await runBuiltAppToExit({ main: subject.main, env: { ...withoutDefaults, NODE_ENV: 'production' } });

      expect(result.code).toBe(1);
      expect(result.stderr).toHaveLength(1);
      const line = result.stderr[0] ?? '';
      expect(line).toMatch(new RegExp(`^${subject.app}: Invalid configuration: `));
      for (const name of subject.productionRequired) expect(line).toContain(`${name}: is required when NODE_ENV is production`);
    });

    it('in production configuration keeps /metrics and /docs for operators, and /health open', async () => {
      const app = await startOnFreePort(subject, { NODE_ENV: 'production', AUTH_ISSUER: stackIssuer() });
      try {
        // The router decodes `%6D`: the check must follow the route, not the text of the URL.
        for (const path of ['/metrics', '/docs/json', '/%6Detrics', '/%64ocs/json']) {
          expect({ path, status: (await fetch(`${app.url}${path}`)).status }).toEqual({ path, status: 401 });
          expect({ path, status: (await fetch(`${app.url}${path}`, { headers: await withTestToken() })).status }).toEqual({ path, status: 403 });
          const operator = await bearerFor(TEST_OPERATOR.subject, TEST_OPERATOR.roles);
          expect({ path, status: (await fetch(`${app.url}${path}`, { headers: operator })).status }).toEqual({ path, status: 200 });
        }
        expect((await fetch(`${app.url}/health/live`)).status).toBe(200);
        expect((await fetch(`${app.url}/health/ready`)).status).toBe(200);
      } finally {
        await app.stop();
      }
    });

    it('refuses to start with an invalid variable, naming it on one stderr line', async () => {
      const result = await runBuiltAppToExit({ main: subject.main, env: { ...process.env, [subject.portVariable]: 'abc' } });

      expect(result.code).toBe(1);
      expect(result.stderr).toEqual([`${subject.app}: Invalid configuration: ${subject.portVariable}: "abc" is not a port (1-65535)`]);
      expect(result.stdout).toEqual([]);
    });
  });
}
