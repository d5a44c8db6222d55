#!/usr/bin/env node
import '@ledger/platform/require-supported-node';
import { ProjectorAdminClient } from './admin-client';
import { type CliIo } from './cli-io';
import { type SchemaMigrator } from './migrate/migrate-command';
import type * as PostgresMigratorModule from './migrate/postgres-migrator';
import { runCli } from './run-cli';
import { developmentTokenIssuer } from './token-command';

// `npm run ledger -- <command>`: the projector admin API from a terminal (API.md, "Projector admin"), and the
// migration step of a deployment (`migrate`).
const token = process.env['LEDGER_TOKEN']?.trim();
const client = new ProjectorAdminClient((process.env['PROJECTOR_URL'] ?? 'http://127.0.0.1:3002').replace(/\/+$/, ''), fetch, token === '' ? undefined : token);
const issueToken = developmentTokenIssuer({
  ...(process.env['NODE_ENV'] === undefined ? {} : { nodeEnv: process.env['NODE_ENV'] }),
  ...(process.env['AUTH_ISSUER'] ? { issuer: process.env['AUTH_ISSUER'] } : {}),
});

// Progress goes to stderr, so stdout carries only the result (`rebuild --no-wait` prints an id a script can capture).
const io: CliIo = {
  progress: {
    isTTY: process.stderr.isTTY === true,
    ...(process.stderr.columns === undefined ? {} : { columns: process.stderr.columns }),
    write: (text) => void process.stderr.write(text),
  },
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

// `migrate` reads the apps' own variables (DATABASE_URL, the schema names) when it runs, and talks to PostgreSQL itself.
// Loaded only then: the driver and the projections' code would add half a second to every other command.
/* eslint-disable @typescript-eslint/no-require-imports -- a deferred, synchronous load; see above */
const loadMigrator = (): typeof PostgresMigratorModule => require('./migrate/postgres-migrator') as typeof PostgresMigratorModule;
/* eslint-enable @typescript-eslint/no-require-imports */
const migrate: SchemaMigrator = (dryRun) => loadMigrator().postgresSchemaMigrator(process.env, io)(dryRun);

runCli(process.argv.slice(2), client, io, { issueToken, migrate }).then(
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
