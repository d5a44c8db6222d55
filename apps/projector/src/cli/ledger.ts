import { ProjectorAdminClient } from './admin-client';
import { runCli } from './run-cli';

// `npm run ledger -- <command>`: the projector admin API from a terminal (API.md, "Projector admin").
const client = new ProjectorAdminClient((process.env['PROJECTOR_URL'] ?? 'http://127.0.0.1:3002').replace(/\/+$/, ''));

runCli(process.argv.slice(2), client).then(
  ({ exitCode, stdout, stderr }) => {
    if (stdout !== '') console.log(stdout);
    if (stderr !== '') console.error(stderr);
    process.exitCode = exitCode;
  },
  (error: unknown) => {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
