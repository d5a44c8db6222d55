import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
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

/** Pinned to a broker line kafkajs is verified against; the pom in infra/local/kafka pins the same. */
const kafkaVersion = '3.9.1';
const readinessTopic = 'ledger.stack-readiness';

export function kafkaComponent(): Component {
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
        args: ['-B', '-q', '-f', join(repoRoot, 'infra', 'local', 'kafka', 'pom.xml'), 'dependency:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${libs}`],
        logFile: join(cacheDir, 'logs', 'kafka-install.log'),
        failure: `kafka: could not resolve Kafka ${kafkaVersion} jars from Maven Central (check network access to it and ~/.m2/settings.xml)`,
        timeoutMs: 15 * 60_000,
      });
      writeFileSync(installedMarker, `${new Date().toISOString()}\n`);
    },
    async start() {
      mkdirSync(paths.home, { recursive: true });
      const properties = join(paths.home, 'server.properties');
      writeFileSync(properties, serverProperties(paths.dataDir));
      const log4j = join(paths.home, 'log4j.properties');
      writeFileSync(log4j, log4jProperties);
      const java = ['-Xms256m', '-Xmx768m', '-XX:+UseG1GC', `-Dlog4j.configuration=file:${log4j}`, '-cp', `${libs}/*`];
      if (!existsSync(join(paths.dataDir, 'meta.properties'))) {
        await runStep({
          command: 'java',
          args: [...java, 'kafka.tools.StorageTool', 'format', '-t', clusterId(), '-c', properties],
          logFile: paths.logFile,
          failure: 'kafka: formatting the KRaft metadata directory failed',
          timeoutMs: 60_000,
        });
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

/** Ready means a broker accepted a write with acks=all, not merely that its port is open. */
async function produceOnce(brokers: string): Promise<void> {
  const kafka = connectKafka({ brokers: parseBrokerList(brokers), clientId: 'ledger-stack', connectionTimeoutMs: 2_000 });
  await ensureTopics(kafka, [{ name: readinessTopic, partitions: 1 }]);
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    await producer.send({ topic: readinessTopic, acks: -1, messages: [{ value: 'ready' }] });
  } finally {
    await producer.disconnect();
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
    '',
  ].join('\n');
}

const log4jProperties = [
  'log4j.rootLogger=INFO, stdout',
  'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
  'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
  'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n',
  'log4j.logger.kafka=INFO',
  'log4j.logger.org.apache.kafka=WARN',
  '',
].join('\n');
