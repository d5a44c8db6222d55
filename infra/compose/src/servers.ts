import type { ComposeDocument } from './compose-model';

/** One app container, with the values its config takes in the compose environment. */
export interface RunningApp {
  readonly service: string;
  readonly databasePoolSize: number;
  /** Its Kafka consumer group session, when it consumes. */
  readonly kafkaSessionTimeoutMs: number | undefined;
}

export interface ServerExpectations {
  /** The Kafka the local stack runs and the tests pass on (infra/local/src/components/kafka.ts). */
  readonly kafkaVersion: string;
  /** Connections each app instance may open beside its pool (LISTEN, advisory-lock sessions, probes). */
  readonly connectionsBesidePool: number;
}

function commandSetting(command: readonly string[] | undefined, name: string): string | undefined {
  const flags = command ?? [];
  const index = flags.findIndex((flag, at) => flag === '-c' && flags[at + 1]?.startsWith(`${name}=`));
  return index < 0 ? undefined : flags[index + 1]?.slice(name.length + 1);
}

/**
 * Where the servers of the compose file would refuse the apps it runs: a Kafka other than the
 * one the tests pass on, a broker whose session floor is above a consumer's session (the group
 * join fails), or a PostgreSQL with fewer connections than the apps' pools together.
 */
export function serverProblems(document: ComposeDocument, apps: readonly RunningApp[], expected: ServerExpectations): string[] {
  const problems: string[] = [];
  const kafka = document.services['kafka'];
  const kafkaTag = kafka?.image?.split(':')[1];
  if (kafkaTag !== expected.kafkaVersion) problems.push(`kafka: runs ${kafka?.image ?? 'no image'}, the stack and the tests use Kafka ${expected.kafkaVersion}`);
  const floor = Number(kafka?.environment['KAFKA_GROUP_MIN_SESSION_TIMEOUT_MS'] ?? 6_000);
  for (const app of apps) {
    if (app.kafkaSessionTimeoutMs !== undefined && app.kafkaSessionTimeoutMs < floor) {
      problems.push(`${app.service}: its ${app.kafkaSessionTimeoutMs} ms Kafka session is below the broker's group.min.session.timeout.ms (${floor} ms)`);
    }
  }
  const postgres = document.services['postgres'];
  const maxConnections = Number(commandSetting(postgres?.command, 'max_connections') ?? 100);
  // PostgreSQL keeps three connections for superusers; the migrate service holds one more.
  const needed = apps.reduce((sum, app) => sum + app.databasePoolSize + expected.connectionsBesidePool, 0) + 3 + 1;
  if (needed > maxConnections) problems.push(`postgres: max_connections is ${maxConnections}, the apps' pools and sessions need ${needed}`);
  return problems;
}
