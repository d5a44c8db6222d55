import { freePort, stackToken, TEST_OPERATOR } from '@ledger/platform/testing';
import { MongoClient } from 'mongodb';
import { readFileSync } from 'node:fs';
import { Pool } from 'pg';
import { type RunningContainer } from '../../../infra/local/src/image';
import { disposeEnvironment, isolatedEnvironment, type AppName } from './system.harness';

/** An image (replayed, or really built) as the checks below start it. */
export interface ImageUnderTest {
  /** `docker run <image> <args>` with `env` over the image's ENV (HOME is what Docker sets from /etc/passwd). */
  readonly run: (args: readonly string[], env: Readonly<Record<string, string>>) => Promise<RunningContainer>;
  /** The HEALTHCHECK command. */
  readonly healthcheck: readonly string[];
  /** The image's numeric user. */
  readonly uid: number;
  /** An app's entry as the app's command line names it. */
  readonly mainOf: (app: AppName) => string;
}

/** `docker stop`'s default: SIGKILL this long after SIGTERM. */
export const GRACE_MS = 10_000;
const apps: readonly AppName[] = ['command-api', 'query-api', 'projector', 'event-relay', 'transfer-processor'];
const portVariables: Readonly<Record<AppName, string>> = {
  'command-api': 'COMMAND_API_PORT',
  'query-api': 'QUERY_API_PORT',
  projector: 'PROJECTOR_PORT',
  'event-relay': 'EVENT_RELAY_PORT',
  'transfer-processor': 'TRANSFER_PROCESSOR_PORT',
};
/** Where the stack is, as a deployment's environment would say it; nothing else of this process reaches the apps. */
const stackVariables = ['DATABASE_URL', 'KAFKA_BROKERS', 'AUTH_ISSUER', 'REDIS_URL', 'KAFKA_SASL_MECHANISM', 'KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD'];

interface AppContainer {
  readonly container: RunningContainer;
  readonly url: string;
}

const log = (line: string): void => void process.stderr.write(`[image] ${line}\n`);

/**
 * What every container of the image must do, against the local stack: each of the five apps,
 * started from the image with a deployment's variables only, runs under tini as PID 1 as the
 * image's user, answers /health/live and passes the HEALTHCHECK (which fails when its app does
 * not answer), nothing can write to the root, the console and the CLI work, and SIGTERM to PID 1
 * ends every app with exit code 0 inside docker stop's grace period.
 */
export function describeImageContainers(image: () => ImageUnderTest): void {
  describe('five containers of the image, one per app', () => {
    const isolated = isolatedEnvironment();
    const running = new Map<AppName, AppContainer>();
    const app = (name: AppName): AppContainer => {
      const found = running.get(name);
      if (found === undefined) throw new Error(`${name} is not running`);
      return found;
    };

    beforeAll(async () => {
      const started = Date.now();
      const stack = Object.fromEntries(stackVariables.flatMap((variable) => (process.env[variable] === undefined ? [] : [[variable, process.env[variable] ?? '']])));
      await Promise.all(
        apps.map(async (name) => {
          const port = await freePort();
          // Migrations at boot: the test owns fresh schemas, and any app may be first.
          const env = { ...stack, ...isolated, MIGRATE_ON_BOOT: 'true', HOST: '127.0.0.1', [portVariables[name]]: String(port) };
          const container = await image().run([name], env);
          running.set(name, { container, url: `http://127.0.0.1:${port}` });
          await container.waitForLine((line) => line.includes('"message":"listening"'), 90_000);
        }),
      );
      log(`five apps listening ${((Date.now() - started) / 1000).toFixed(1)} s after their start`);
    }, 120_000);

    afterAll(async () => {
      await Promise.all([...running.values()].map(({ container }) => container.stop(GRACE_MS)));
      await disposeEnvironment(isolated, new Pool({ connectionString: process.env['DATABASE_URL'], max: 1 }), new MongoClient(isolated['MONGODB_URL'] ?? ''));
    });

    it.each(apps)('%s runs under tini as PID 1, as the numeric user, answers /health/live and passes the HEALTHCHECK', async (name) => {
      const { container, url } = app(name);
      const [node] = readFileSync(`/proc/${container.pid}/task/${container.pid}/children`, 'utf8').trim().split(' ');
      const { uid } = image();

      expect(readFileSync(`/proc/${container.pid}/comm`, 'utf8').trim()).toBe('tini');
      expect(readFileSync(`/proc/${node ?? ''}/cmdline`, 'utf8').split('\0')).toContain(image().mainOf(name));
      expect(readFileSync(`/proc/${node ?? ''}/status`, 'utf8')).toMatch(new RegExp(`^Uid:\\s+${uid}\\s+${uid}\\s+${uid}\\s+${uid}$`, 'm'));
      const live = await fetch(`${url}/health/live`);
      expect({ status: live.status, body: (await live.json()) as unknown }).toEqual({ status: 200, body: { status: 'up' } });
      await expect(container.exec(image().healthcheck, {})).resolves.toMatchObject({ code: 0 });
    });

    it("fails the HEALTHCHECK when the app's port does not answer", async () => {
      const result = await app('query-api').container.exec(image().healthcheck, { QUERY_API_PORT: String(await freePort()) });

      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/\/health\/live/);
    });

    it('runs on a read-only root: nothing in the container can write, /tmp included', async () => {
      const result = await app('command-api').container.exec(['sh', '-c', 'touch /tmp/ledger-image-probe'], {});

      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(/Read-only file system/);
    });

    it("serves the operator console's page", async () => {
      const response = await fetch(`${app('projector').url}/console/`);

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    });

    it('runs the ledger CLI: `docker run <image> ledger help`, and `docker exec <projector> ledger projections status`', async () => {
      const help = await image().run(['ledger', 'help'], {});
      await expect(help.exited()).resolves.toBe(0);
      expect(help.output().join('\n')).toContain('projections status');

      const { container, url } = app('projector');
      const token = await stackToken({ subject: TEST_OPERATOR.subject, roles: TEST_OPERATOR.roles });
      const status = await container.exec(['ledger', 'projections', 'status'], { PROJECTOR_URL: url, LEDGER_TOKEN: token });
      expect(status.code).toBe(0);
      expect(status.stdout).toMatch(/^PROJECTION\s+VERSION\s+STATE/m);
      for (const projection of ['account-summary', 'account-transactions', 'customer-portfolio']) expect(status.stdout).toContain(projection);
    });

    it(`stops every app on SIGTERM to PID 1 (docker stop): exit code 0 within ${GRACE_MS / 1000} s, after a "stopped" line`, async () => {
      const stopped = await Promise.all(apps.map(async (name) => ({ name, ...(await app(name).container.stop(GRACE_MS)) })));
      log(`stopped in ${stopped.map(({ name, elapsedMs }) => `${name} ${elapsedMs} ms`).join(', ')}`);

      for (const { name, code, killed } of stopped) {
        expect({ name, code, killed }).toEqual({ name, code: 0, killed: false });
        expect(app(name).container.output().some((line) => line.includes('"message":"stopped"'))).toBe(true);
      }
      running.clear();
    });
  });
}
