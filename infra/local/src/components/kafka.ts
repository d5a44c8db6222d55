import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectKafka, ensureTopics, parseBrokerList } from '@ledger/messaging';
import type { Component } from '../component';
import { cacheDir, componentPaths, repoRoot } from '../paths';
import { exitedDuringStart, spawnDaemon } from '../processes';
import { runStep } from '../run-step';
import { ports } from '../settings';
import { StackError } from '../stack-error';
import { javaMajorVersion, requireTool } from '../tools';
import { waitUntil } from '../wait';

const readinessTopic = 'ledger.stack-readiness';

export function kafkaComponent(): Component {
  const kafkaVersion = kafkaVersionFrom(process.env.LEDGER_KAFKA_VERSION);
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
      const properties = join(paths.home, 'server.properties');
      writeFileSync(properties, serverProperties(paths.dataDir));
      const logConfig = join(paths.home, line.configFile);
      writeFileSync(logConfig, line.config);
      const java = ['-Xms256m', '-Xmx768m', '-XX:+UseG1GC', `-D${line.configProperty}=file:${logConfig}`, '-cp', `${libs}/*`];
      if (!existsSync(join(paths.dataDir, 'meta.properties'))) {
        await runStep({
          command: 'java',
          args: [...java, 'kafka.tools.StorageTool', 'format', '-t', clusterId(), '-c', properties],
          logFile: paths.logFile,
          failure: 'kafka: formatting the KRaft metadata directory failed',
          timeoutMs: 60_000,
        });
        writeFileSync(join(paths.home, dataVersionFile), `${kafkaVersion}\n`);
      }
      spawnDaemon({ command: 'java', args: [...java, 'kafka.Kafka', properties], logFile: paths.logFile, pidFile: paths.pidFile });
      await this.waitReady(this.localUrl, 90_000);
    },
    async waitReady(url, timeoutMs) {
      await waitUntil(() => produceOnce(url), {
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
async function produceOnce(brokers: string): Promise<void> {
  const kafka = connectKafka({ brokers: parseBrokerList(brokers), clientId: 'ledger-stack', connectionTimeoutMs: 2_000 });
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

function serverProperties(dataDir: string): string {
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${ports.kafkaController}`,
    `listeners=PLAINTEXT://127.0.0.1:${ports.kafka},CONTROLLER://127.0.0.1:${ports.kafkaController}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${ports.kafka}`,
    'controller.listener.names=CONTROLLER',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'inter.broker.listener.name=PLAINTEXT',
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
