// `npm run schemathesis -- <schemathesis arguments>`: the pinned schemathesis CLI, installed into
// the download cache on first use (Python 3.10+ and PyPI needed once), e.g. `-- run --help`.
import { spawn } from 'node:child_process';
import { ensureSchemathesis } from './src/schemathesis';
import { StackError } from './src/stack-error';

async function main(argv: readonly string[]): Promise<number> {
  const executable = await ensureSchemathesis((line) => process.stderr.write(`[schemathesis] ${line}\n`));
  return new Promise((resolvePromise, reject) => {
    const child = spawn(executable, [...argv], { stdio: 'inherit' });
    child.once('error', reject);
    child.once('close', (code, signal) => resolvePromise(code ?? (signal === null ? 1 : 128)));
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof StackError) process.stderr.write(`schemathesis: ${error.message}\n`);
    else process.stderr.write(`schemathesis: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
