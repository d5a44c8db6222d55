import { Client } from 'pg';
import type { AppLogger } from '../logging/create-logger';
import { defaultReconnectBackoff, reconnectDelayMs, type ReconnectBackoff } from './reconnect-backoff';

export interface PostgresListenerOptions {
  readonly connectionString: string;
  /** `application_name` of the listening session, so operators can tell it apart from the pool's. */
  readonly applicationName: string;
  readonly channel: string;
  readonly onNotification: (payload: string) => void;
  /**
   * Called each time LISTEN is in place, the first time and after every reconnection:
   * notifications sent while no session listened are lost, so whoever relies on them
   * should look again now.
   */
  readonly onListening: () => void;
  readonly logger: AppLogger;
  readonly backoff?: ReconnectBackoff;
}

/**
 * One dedicated PostgreSQL session LISTENing on one channel (never a pooled connection: the pool
 * would hand the LISTEN to the next borrower, and a transaction pooler would drop it). Guarantees:
 * a lost connection never crashes the process (every client has an error handler); it is opened
 * again with capped, jittered backoff and LISTENs again, then says so through `onListening`;
 * `close()` ends it for good.
 */
export class PostgresListener {
  private client: Client | undefined;
  private failures = 0;
  private retry: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly options: PostgresListenerOptions) {}

  start(): void {
    void this.connect();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const { connectionString, applicationName, channel, logger } = this.options;
    const client = new Client({ connectionString, application_name: applicationName, connectionTimeoutMillis: 5_000 });
    this.client = client;
    client.on('notification', (message) => {
      if (message.payload !== undefined) this.options.onNotification(message.payload);
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('the listening connection ended')));
    try {
      await client.connect();
      await client.query(`LISTEN "${channel.replaceAll('"', '""')}"`);
    } catch (error) {
      this.lost(client, error);
      return;
    }
    if (this.client !== client) return;
    if (this.failures > 0) logger.info({ channel, failures: this.failures }, 'listening again');
    this.failures = 0;
    this.options.onListening();
  }

  /** Error and end both arrive for one loss; only the first, for the current client, reconnects. */
  private lost(client: Client, error: unknown): void {
    if (this.closed || this.client !== client) return;
    this.client = undefined;
    client.removeAllListeners('notification');
    void client.end().catch(() => undefined);
    this.failures++;
    const delayMs = reconnectDelayMs(this.options.backoff ?? defaultReconnectBackoff, this.failures);
    this.options.logger.warn({ err: error, channel: this.options.channel, failures: this.failures, retryInMs: delayMs }, 'listening connection lost');
    this.retry = setTimeout(() => void this.connect(), delayMs);
    this.retry.unref();
  }
}
