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

  constructor(private readonly client: MongoClient) {
    client.on('connectionCreated', () => this.open++);
    client.on('connectionClosed', () => this.open--);
    client.on('connectionCheckOutStarted', () => this.waiting++);
    client.on('connectionCheckOutFailed', () => this.waiting--);
    client.on('connectionCheckedOut', () => {
      this.waiting--;
      this.checkedOut++;
    });
    client.on('connectionCheckedIn', () => this.checkedOut--);
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
