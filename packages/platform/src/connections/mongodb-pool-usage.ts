import { type MongoClient } from 'mongodb';
import { type PoolUsage } from '../metrics/db-pool-metrics';

/**
 * Counts a `MongoClient`'s pooled connections from the driver's connection pool (CMAP) events,
 * since the driver exposes no counters. Attach it before the client connects, or connections
 * opened earlier are never counted. Sums over every server the client talks to, while `max` is
 * `maxPoolSize`, which the driver applies per server.
 */
export class MongoPoolUsage {
  private open = 0;
  private checkedOut = 0;
  private waiting = 0;
  private readonly starts: boolean[] = [];

  constructor(private readonly client: MongoClient) {
    client.on('connectionCreated', () => this.open++);
    client.on('connectionClosed', () => this.open--);
    // Like pg's `waitingCount`: only a checkout that starts with every connection in use waits.
    // Each checkout's start is remembered in order, since the driver serves its queue first in, first out.
    client.on('connectionCheckOutStarted', () => {
      const waits = this.checkedOut >= this.client.options.maxPoolSize;
      this.starts.push(waits);
      if (waits) this.waiting++;
    });
    client.on('connectionCheckOutFailed', () => this.checkoutEnded());
    client.on('connectionCheckedOut', () => {
      this.checkoutEnded();
      this.checkedOut++;
    });
    client.on('connectionCheckedIn', () => this.checkedOut--);
  }

  private checkoutEnded(): void {
    if (this.starts.shift() === true) this.waiting--;
  }

  usage(): PoolUsage {
    const inUse = Math.max(0, this.checkedOut);
    return {
      inUse,
      idle: Math.max(0, this.open - inUse),
      waiting: Math.max(0, this.waiting),
      max: this.client.options.maxPoolSize,
    };
  }
}
