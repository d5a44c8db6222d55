// `tsx infra/local/with-node.ts <line> <bin> [args…]`: runs a package binary of node_modules/.bin
// (jest, tsx, …) on another Node.js line than the project's default, e.g. the test tiers on 22.
// Child processes that call `node` get that line too (it comes first on PATH).
import '@ledger/platform/require-supported-node';
import { spawn } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { constants } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { nodeBinary } from './src/node-runtime';
import { repoRoot } from './src/paths';
import { StackError } from './src/stack-error';

async function main(argv: readonly string[]): Promise<number> {
  const [line, bin, ...args] = argv;
  if (line === undefined || bin === undefined) throw new StackError('usage: with-node <line, e.g. 22> <bin in node_modules/.bin> [args…]');
  const node = await nodeBinary(line, (text) => process.stderr.write(`[node] ${text}\n`));
  const script = realpathSync(join(repoRoot, 'node_modules', '.bin', bin));
  process.stderr.write(`[node] running ${bin} on Node.js ${line} (${node})\n`);
  const child = spawn(node, [script, ...args], {
    stdio: 'inherit',
    env: { ...process.env, PATH: `${dirname(node)}${delimiter}${process.env.PATH ?? ''}` },
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  // A child ended by a signal exits as a shell reports it: 128 + the signal's number.
  return new Promise((resolve) => child.once('close', (code, signal) => resolve(code ?? 128 + (signal === null ? 0 : constants.signals[signal]))));
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof StackError ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
