import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { KafkaSecurity } from '../../src';

const repoRoot = join(__dirname, '..', '..', '..', '..');
const run = promisify(execFile);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * A Kafka broker of another line (`LEDGER_KAFKA_VERSION`) beside the shared stack, started with
 * the project's own stack script in a folder and on ports of its own; PostgreSQL and FerretDB are
 * the shared stack's (DATABASE_URL and MONGODB_URL are passed on), so only Kafka starts.
 */
export class PrivateKafka {
  private constructor(
    private readonly stackEnv: NodeJS.ProcessEnv,
    private readonly stateDir: string,
    readonly brokers: string,
    /** The SASL credentials the stack printed for a secured broker; none for a plaintext one. */
    readonly security: KafkaSecurity,
  ) {}

  /** `security: 'scram'` starts it as LEDGER_KAFKA_SECURITY=scram does: SASL/SCRAM-SHA-512 only. */
  static async start(version: string, security: 'plaintext' | 'scram' = 'plaintext'): Promise<PrivateKafka> {
    const stateDir = mkdtempSync(join(tmpdir(), `ledger-kafka-${version}-`));
    const { KAFKA_BROKERS: _shared, ...inherited } = process.env;
    const stackEnv: NodeJS.ProcessEnv = {
      ...inherited,
      LEDGER_STATE_DIR: stateDir,
      LEDGER_KAFKA_VERSION: version,
      LEDGER_KAFKA_SECURITY: security,
      LEDGER_KAFKA_PORT: String(await freePort()),
      LEDGER_KAFKA_CONTROLLER_PORT: String(await freePort()),
    };
    const { env } = JSON.parse(await stack(stackEnv, ['up', '--json'])) as { env: Record<string, string> };
    const sasl =
      env['KAFKA_SASL_MECHANISM'] === 'scram-sha-512'
        ? { mechanism: 'scram-sha-512' as const, username: env['KAFKA_SASL_USERNAME'] ?? '', password: env['KAFKA_SASL_PASSWORD'] ?? '' }
        : undefined;
    return new PrivateKafka(stackEnv, stateDir, env['KAFKA_BROKERS'] ?? '', sasl === undefined ? {} : { sasl });
  }

  async stop(): Promise<void> {
    await stack(this.stackEnv, ['down', 'kafka']);
    rmSync(this.stateDir, { recursive: true, force: true });
  }
}

async function stack(env: NodeJS.ProcessEnv, args: readonly string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [require.resolve('tsx/cli'), '--conditions=@ledger/source', join(repoRoot, 'infra', 'local', 'stack.ts'), ...args], {
    cwd: repoRoot,
    env,
    // The first run resolves the broker's jars from Maven Central.
    timeout: 300_000,
  });
  return stdout;
}
