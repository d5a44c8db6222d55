import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ruleFiles, ruleTestFiles } from './rules-files';

const run = promisify(execFile);

/** The int tier's global setup puts Debian's promtool (the one Prometheus runs with) here. */
function promtool(): string {
  const binary = process.env['LEDGER_PROMTOOL_BINARY'];
  if (binary === undefined || binary === '') {
    throw new Error('LEDGER_PROMTOOL_BINARY is not set: the int tier sets it (its global setup runs `npm run stack -- up`)');
  }
  return binary;
}

/** Runs promtool; a non-zero exit fails with everything promtool printed, which names the rule or test. */
async function runPromtool(args: readonly string[]): Promise<string> {
  try {
    const { stdout, stderr } = await run(promtool(), args, { maxBuffer: 16 * 1024 * 1024 });
    return stdout + stderr;
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`promtool ${args.join(' ')} failed:\n${stdout}${stderr}`, { cause: error });
  }
}

describe('Prometheus rules', () => {
  it('pass promtool check rules (syntax, PromQL, templates)', async () => {
    const output = await runPromtool(['check', 'rules', ...ruleFiles]);
    expect(output).toContain('SUCCESS');
  });

  it('pass their promtool unit tests', async () => {
    expect(ruleTestFiles.length).toBeGreaterThan(0);
    const output = await runPromtool(['test', 'rules', ...ruleTestFiles]);
    expect(output).not.toContain('FAILED');
  });
});
