import type { MongoClient } from 'mongodb';
import { setTimeout as delay } from 'node:timers/promises';
import type { AppLogger } from '../logging/create-logger';
import { defaultReconnectBackoff, reconnectDelayMs, type ReconnectBackoff } from './reconnect-backoff';

/**
 * Keeps a `MongoClient` usable when the server was away when the app started.
 *
 * The driver (7.x) closes a client whose first connection fails, whether `connect()` was called
 * or an operation connected it implicitly: every later operation, on the client and on every
 * `Db` and `Collection` taken from it, then fails with `MongoTopologyClosedError`, for good. A
 * client that connected once rides out later outages by itself (its monitors find the server
 * again), and calling `connect()` on a closed client opens it again, keeping those `Db` and
 * `Collection` objects valid. So: connect in the background until it works, and again whenever
 * the topology closes while the app is not shutting down.
 */
export class MongoClientKeeper {
  private stopping = new AbortController();
  private connecting: Promise<void> | undefined;

  constructor(
    private readonly client: MongoClient,
    private readonly logger: AppLogger,
    private readonly backoff: ReconnectBackoff = defaultReconnectBackoff,
  ) {
    client.on('topologyClosed', () => {
      if (!this.stopping.signal.aborted) this.start();
    });
  }

  /** Starts connecting unless it already is; never rejects. */
  start(): void {
    this.connecting ??= this.connectUntilItWorks().finally(() => {
      this.connecting = undefined;
    });
  }

  /** Stops trying (before `client.close()`, so closing does not start it again). */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.connecting;
  }

  private async connectUntilItWorks(): Promise<void> {
    for (let failures = 0; !this.stopping.signal.aborted; ) {
      try {
        await this.client.connect();
        if (failures > 0) this.logger.info({ attempts: failures + 1 }, 'MongoDB connected');
        return;
      } catch (error) {
        failures += 1;
        const retryInMs = reconnectDelayMs(this.backoff, failures);
        this.logger.warn({ err: error, failures, retryInMs }, 'MongoDB not reachable; connecting again');
        await delay(retryInMs, undefined, { signal: this.stopping.signal }).catch(() => undefined);
      }
    }
  }
}
