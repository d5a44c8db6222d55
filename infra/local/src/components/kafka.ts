import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectKafka, ensureTopics, parseBrokerList, type KafkaSecurity } from '@ledger/messaging';
import type { Component } from '../component';
import { cacheDir, componentPaths, repoRoot } from '../paths';
import { exitedDuringStart, spawnDaemon } from '../processes';
import { runStep } from '../run-step';
import { ports } from '../settings';
import { StackError } from '../stack-error';
import { javaMajorVersion, requireTool } from '../tools';
import { waitUntil } from '../wait';

const readinessTopic = 'ledger.stack-readiness';

/**
 * LEDGER_KAFKA_SECURITY=scram: the client listener takes SASL/SCRAM-SHA-512 only, with one user
 * made when the data folder is formatted. Its password is the local stack's, like PostgreSQL's
 * `ledger:ledger`: for development and tests, never a deployment (NODE_ENV=production has no
 * Kafka default at all).
 */
export const localScramUser = { mechanism: 'scram-sha-512', username: 'ledger', password: 'ledger-local-kafka' } as const;
type BrokerSecurity = 'plaintext' | 'scram';

export function brokerSecurityFrom(raw: string | undefined): BrokerSecurity {
  const value = raw?.trim() ?? '';
  if (value === '' || value === 'plaintext') return 'plaintext';
  if (value === 'scram') return 'scram';
  throw new StackError(`LEDGER_KAFKA_SECURITY: "${value}" is not plaintext or scram`);
}

export function kafkaComponent(): Component {
  const kafkaVersion = kafkaVersionFrom(process.env.LEDGER_KAFKA_VERSION);
  const security = brokerSecurityFrom(process.env.LEDGER_KAFKA_SECURITY);
  const clientSecurity = security === 'scram' ? { sasl: localScramUser } : {};
  const line = kafkaVersion.startsWith('3.') ? logging.kafka3 : logging.kafka4;
  const paths = componentPaths('kafka');
  const libs = join(cacheDir, `kafka-${kafkaVersion}`, 'libs');
  const installedMarker = join(libs, '.complete');
  const port = ports.kafka;
  return {
    name: 'kafka',
    version: kafkaVersion,
    paths,
    port,
    envVariable: 'KAFKA_BROKERS',
    localUrl: `127.0.0.1:${port}`,
    ...(security === 'scram'
      ? { connectionEnv: { KAFKA_SASL_MECHANISM: localScramUser.mechanism, KAFKA_SASL_USERNAME: localScramUser.username, KAFKA_SASL_PASSWORD: localScramUser.password } }
      : {}),
    stopSignal: 'SIGTERM', // controlled shutdown: flush logs, leave the quorum cleanly
    async install(progress) {
      if (javaMajorVersion() < 17) throw new StackError('kafka: Java 17 or newer is needed; install a JDK 17+ and put it first on PATH');
      if (existsSync(installedMarker)) return;
      requireTool('mvn');
      progress(`resolving Kafka ${kafkaVersion} from Maven Central (first run only, about a minute)…`);
      await runStep({
        command: 'mvn',
        args: [
          '-B',
          '-q',
          '-f',
          join(repoRoot, 'infra', 'local', 'kafka', 'pom.xml'),
          'dependency:copy-dependencies',
          '-DincludeScope=runtime',
          `-DoutputDirectory=${libs}`,
          `-Dkafka.version=${kafkaVersion}`,
          `-Dkafka.logging=${line.binding}`,
        ],
        logFile: join(cacheDir, 'logs', 'kafka-install.log'),
        failure: `kafka: could not resolve Kafka ${kafkaVersion} jars from Maven Central (check network access to it and ~/.m2/settings.xml)`,
        timeoutMs: 15 * 60_000,
      });
      writeFileSync(installedMarker, `${new Date().toISOString()}\n`);
    },
    async start() {
      mkdirSync(paths.home, { recursive: true });
      claimDataFor(paths.home, paths.dataDir, kafkaVersion);
      claimSecurityFor(paths.home, paths.dataDir, security);
      const properties = join(paths.home, 'server.properties');
      writeFileSync(properties, serverProperties(paths.dataDir, security));
      const logConfig = join(paths.home, line.configFile);
      writeFileSync(logConfig, line.config);
      const java = ['-Xms256m', '-Xmx768m', '-XX:+UseG1GC', `-D${line.configProperty}=file:${logConfig}`, '-cp', `${libs}/*`];
      if (!existsSync(join(paths.dataDir, 'meta.properties'))) {
        await runStep({
          command: 'java',
          args: [...java, 'kafka.tools.StorageTool', 'format', '-t', clusterId(), '-c', properties, ...scramUserArguments(security)],
          logFile: paths.logFile,
          failure: 'kafka: formatting the KRaft metadata directory failed',
          timeoutMs: 60_000,
        });
        writeFileSync(join(paths.home, dataVersionFile), `${kafkaVersion}\n`);
        writeFileSync(join(paths.home, securityFile), `${security}\n`);
      }
      spawnDaemon({ command: 'java', args: [...java, 'kafka.Kafka', properties], logFile: paths.logFile, pidFile: paths.pidFile });
      await this.waitReady(this.localUrl, 90_000);
    },
    async waitReady(url, timeoutMs) {
      await waitUntil(() => produceOnce(url, clientSecurity), {
        what: 'kafka',
        timeoutMs,
        intervalMs: 500,
        giveUpIf: exitedDuringStart(paths, 'broker'),
      });
    },
  };
}

/** Kafka 4 is the default line; `LEDGER_KAFKA_VERSION=3.9` (or any x.y.z Maven Central serves) picks another. */
export const defaultKafkaVersion = '4.4.0';
const shorthands: Readonly<Record<string, string>> = { '4': defaultKafkaVersion, '4.4': defaultKafkaVersion, '3': '3.9.1', '3.9': '3.9.1' };

export function kafkaVersionFrom(raw: string | undefined): string {
  const value = raw?.trim() ?? '';
  if (value === '') return defaultKafkaVersion;
  const version = shorthands[value] ?? value;
  if (!/^[34]\.\d+\.\d+$/.test(version)) {
    throw new StackError(`LEDGER_KAFKA_VERSION: "${value}" is not a Kafka 3.x or 4.x version (e.g. 4.4.0, 3.9.1, or 3.9 for the newest 3.9)`);
  }
  return version;
}

/**
 * A 4.x broker takes over data a 3.x broker wrote (Kafka's own upgrade path), but a 3.x broker
 * cannot read what a 4.x one wrote, so the data folder remembers the newest line that ran on it.
 * Folders from before that note was kept were formatted by the stack's earlier default, 3.9.1.
 */
const dataVersionFile = 'data-version';
const earlierDefault = '3.9.1';
export function claimDataFor(home: string, dataDir: string, kafkaVersion: string): void {
  const file = join(home, dataVersionFile);
  const formatted = existsSync(join(dataDir, 'meta.properties'));
  if (!formatted) return;
  const ranBefore = existsSync(file) ? readFileSync(file, 'utf8').trim() : earlierDefault;
  const major = (version: string) => Number(version.split('.')[0]);
  if (major(ranBefore) > major(kafkaVersion)) {
    throw new StackError(
      `kafka: the data in ${dataDir} was written by Kafka ${ranBefore}, which ${kafkaVersion} cannot read: run \`npm run stack -- reset\` (deletes local data) or set LEDGER_KAFKA_VERSION=${ranBefore}`,
    );
  }
  if (major(kafkaVersion) > major(ranBefore) || !existsSync(file)) writeFileSync(file, `${kafkaVersion}\n`);
}

/** Ready means a broker accepted a write with acks=all, not merely that its port is open. */
async function produceOnce(brokers: string, security: KafkaSecurity): Promise<void> {
  const kafka = connectKafka({ brokers: parseBrokerList(brokers), clientId: 'ledger-stack', connectionTimeoutMs: 2_000, security });
  await ensureTopics(kafka, [{ name: readinessTopic, partitions: 1 }]);
  const producer = kafka.recordProducer();
  try {
    await producer.send([{ topic: readinessTopic, key: 'ready', value: Buffer.from('ready'), headers: {} }]);
  } finally {
    await producer.close();
  }
}

/**
 * A KRaft cluster id: 16 random bytes, URL-safe base64 without padding. One in 64 of those
 * starts with '-', which kafka-storage's argument parser reads as an option (the format step
 * failed then); Kafka's own Uuid.randomUuid draws again in that case, and so does this.
 */
export function clusterId(random: (size: number) => Buffer = randomBytes): string {
  for (;;) {
    const id = random(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/** The user SCRAM authenticates, written into the metadata when the folder is formatted. */
function scramUserArguments(security: BrokerSecurity): string[] {
  if (security !== 'scram') return [];
  return ['--add-scram', `SCRAM-SHA-512=[name=${localScramUser.username},password=${localScramUser.password}]`];
}

/** The client listener: plaintext, or SASL/SCRAM-SHA-512 (the broker's own connections to itself included). */
function listenerProperties(security: BrokerSecurity): string[] {
  const client = security === 'scram' ? 'SASL_PLAINTEXT' : 'PLAINTEXT';
  const common = [
    `listeners=${client}://127.0.0.1:${ports.kafka},CONTROLLER://127.0.0.1:${ports.kafkaController}`,
    `advertised.listeners=${client}://127.0.0.1:${ports.kafka}`,
    'controller.listener.names=CONTROLLER',
    `listener.security.protocol.map=${client}:${client},CONTROLLER:PLAINTEXT`,
    `inter.broker.listener.name=${client}`,
  ];
  if (security === 'plaintext') return common;
  const { username, password } = localScramUser;
  return [
    ...common,
    'sasl.enabled.mechanisms=SCRAM-SHA-512',
    'sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512',
    `listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="${username}" password="${password}";`,
  ];
}

/** A folder formatted for one security mode has (or lacks) the SCRAM user: the other mode needs a fresh one. */
const securityFile = 'security';
function claimSecurityFor(home: string, dataDir: string, security: BrokerSecurity): void {
  if (!existsSync(join(dataDir, 'meta.properties'))) return;
  const file = join(home, securityFile);
  const formattedFor = existsSync(file) ? readFileSync(file, 'utf8').trim() : 'plaintext';
  if (formattedFor !== security) {
    throw new StackError(
      `kafka: the data in ${dataDir} was formatted for LEDGER_KAFKA_SECURITY=${formattedFor}: run \`npm run stack -- reset\` (deletes local data) to start it with ${security}`,
    );
  }
}

function serverProperties(dataDir: string, security: BrokerSecurity): string {
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${ports.kafkaController}`,
    ...listenerProperties(security),
    `log.dirs=${dataDir}`,
    // Topics are the project's to create, with explicit partition counts.
    'auto.create.topics.enable=false',
    // One broker: internal topics cannot have more replicas than brokers.
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=10',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    // Tests create many short-lived consumer groups; the default 3 s rebalance delay only slows them.
    'group.initial.rebalance.delay.ms=0',
    // The projector's 2 s session (fast failover) is below the broker's default minimum of 6 s.
    'group.min.session.timeout.ms=1000',
    '',
  ].join('\n');
}

/** Kafka 4 logs through log4j2; the 3.x line through reload4j (log4j 1 syntax). Same output either way. */
const logging = {
  kafka4: {
    binding: 'log4j2',
    configFile: 'log4j2.properties',
    configProperty: 'log4j2.configurationFile',
    config: [
      'status=warn',
      'appender.stdout.type=Console',
      'appender.stdout.name=STDOUT',
      'appender.stdout.layout.type=PatternLayout',
      'appender.stdout.layout.pattern=[%d] %p %m (%c)%n',
      'rootLogger.level=INFO',
      'rootLogger.appenderRef.stdout.ref=STDOUT',
      'logger.clients.name=org.apache.kafka',
      'logger.clients.level=WARN',
      '',
    ].join('\n'),
  },
  kafka3: {
    binding: 'reload4j',
    configFile: 'log4j.properties',
    configProperty: 'log4j.configuration',
    config: [
      'log4j.rootLogger=INFO, stdout',
      'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
      'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
      'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n',
      'log4j.logger.kafka=INFO',
      'log4j.logger.org.apache.kafka=WARN',
      '',
    ].join('\n'),
  },
} as const;
