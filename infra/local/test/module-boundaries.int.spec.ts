import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

/**
 * The dependency table of ARCHITECTURE.md is only worth something if lint really rejects a
 * forbidden import. Each case writes a real file into a project (typed lint needs it inside a
 * tsconfig), runs the ESLint CLI on it with the workspace config, and removes it.
 */
const repoRoot = join(__dirname, '..', '..', '..');

function lintMessages(projectDir: string, source: string): string[] {
  const file = join(repoRoot, projectDir, 'src', `boundary-probe-${randomUUID()}.ts`);
  writeFileSync(file, source);
  try {
    const run = spawnSync(process.execPath, [join(repoRoot, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--format', 'json', file], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, NX_DAEMON: 'false' },
    });
    const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string | null; message: string }[] }[];
    return (result?.messages ?? []).map((message) => `${message.ruleId ?? 'parser'}: ${message.message}`);
  } finally {
    rmSync(file, { force: true });
  }
}

describe('module boundaries', () => {
  jest.setTimeout(120_000);

  it('rejects an app importing another app', () => {
    const messages = lintMessages('apps/command-api', "import '../../query-api/src/main';\nexport const probe = 1;\n");
    expect(messages.some((message) => message.startsWith('@nx/enforce-module-boundaries'))).toBe(true);
  });

  it('rejects packages/domain importing pg', () => {
    const messages = lintMessages('packages/domain', "import { Pool } from 'pg';\nexport const probe = Pool;\n");
    expect(messages).toContainEqual(expect.stringMatching(/^no-restricted-imports: .*PostgreSQL belongs in an adapter package/));
  });

  it('rejects a clock read inside packages/domain', () => {
    const messages = lintMessages('packages/domain', 'export const occurredAt = new Date();\n');
    expect(messages).toContainEqual(expect.stringMatching(/^no-restricted-syntax: The domain never reads a clock/));
  });

  it('accepts an app importing a package it may depend on', () => {
    const messages = lintMessages('apps/event-relay', "import { parseBrokerList } from '@ledger/messaging';\nexport const probe = parseBrokerList;\n");
    expect(messages).toEqual([]);
  });
});
