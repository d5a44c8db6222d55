import { eventStoreMigrations, prepareSqlSchema } from '@ledger/event-store/postgres';
import { type OpenedEventStore } from '@ledger/event-store/select';
import { ensureTopics, eventTopics, type EventConsumer } from '@ledger/messaging';
import { APP_CONFIG, HealthChecks, LOGGER, PG_POOL, type AppLogger } from '@ledger/platform';
import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { type Pool } from 'pg';
import { KAFKA, type KafkaClient } from '../infrastructure/kafka.connection';
import type { TransferProcessorConfig } from '../transfer-processor.config';
import { OPENED_EVENT_STORE, TRANSFER_CONSUMER } from './transfer-processor.tokens';

const RETRY_MS = 2_000;

/**
 * Starts consuming once the store's schema and the transfer topic exist (either may still be
 * missing when this is the first app up, and with MIGRATE_ON_BOOT off the schema waits for the
 * migration step), retrying in the background so the app boots and says "down" on /health, with
 * the reason, meanwhile; stops the consumer before the connections close.
 */
@Injectable()
export class TransferProcessorLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private stopping = false;
  private retry: NodeJS.Timeout | undefined;
  /** Why the store's schema is not ready yet (PostgreSQL only), for /health; undefined once it is. */
  private schemaProblem: string | undefined = 'migrating';

  constructor(
    @Inject(TRANSFER_CONSUMER) private readonly consumer: EventConsumer,
    @Inject(OPENED_EVENT_STORE) private readonly eventStore: OpenedEventStore,
    @Inject(KAFKA) private readonly kafka: KafkaClient,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) private readonly config: TransferProcessorConfig,
    @Inject(LOGGER) private readonly logger: AppLogger,
    healthChecks: HealthChecks,
  ) {
    if (eventStore.kind === 'postgres') healthChecks.register({ name: 'eventStore', check: () => this.schemaCheck() });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.retry);
    await this.consumer.stop();
    await this.eventStore.close();
  }

  private async start(): Promise<void> {
    try {
      if (this.eventStore.kind === 'postgres') await this.prepareSchema();
      const topic = eventTopics(this.config.topicPrefix).ofCategory('transfer');
      const replication = { replicationFactor: this.config.topicReplicationFactor, minInSyncReplicas: this.config.topicMinInSyncReplicas };
      await ensureTopics(this.kafka, [{ name: topic, partitions: this.config.topicPartitions }], replication);
      if (this.stopping) return;
      await this.consumer.start();
      this.logger.info({ topic }, 'advancing transfers');
    } catch (error) {
      if (this.stopping) return;
      this.logger.warn({ err: error, retryInMs: RETRY_MS }, 'transfer processor not started; retrying');
      this.retry = setTimeout(() => void this.start(), RETRY_MS);
      this.retry.unref();
    }
  }

  private async prepareSchema(): Promise<void> {
    const { eventStoreSchema, migrateOnBoot } = this.config;
    try {
      await prepareSqlSchema(this.pool, eventStoreSchema, eventStoreMigrations, migrateOnBoot);
      this.schemaProblem = undefined;
    } catch (error) {
      this.schemaProblem = error instanceof Error ? error.message : String(error);
      throw error;
    }
  }

  private schemaCheck(): Promise<{ schema: string }> {
    const schema = this.config.eventStoreSchema;
    if (this.schemaProblem === undefined) return Promise.resolve({ schema });
    return Promise.reject(new Error(`schema ${schema} not ready: ${this.schemaProblem}`));
  }
}
