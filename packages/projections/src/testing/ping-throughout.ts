import { MongoClient } from 'mongodb';
import { setTimeout as delay } from 'node:timers/promises';

/** Pings a MongoDB-wire server until stopped; see `pingThroughout`. */
export interface PingWatch {
  /** Stops pinging and returns every ping that failed or took longer than its budget. */
  stop(): Promise<readonly string[]>;
  /** Pings answered so far. */
  readonly answered: number;
}

/**
 * Pings `url` every `intervalMs` on a client of its own, each ping bounded by `budgetMs`: a
 * test wraps work in it to prove the server kept answering throughout (a deadlocked FerretDB
 * stops answering `ping` too).
 */
export function pingThroughout(url: string, { intervalMs = 250, budgetMs = 3_000 } = {}): PingWatch {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: budgetMs, socketTimeoutMS: budgetMs, connectTimeoutMS: budgetMs });
  const failures: string[] = [];
  let answered = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = Date.now();
      try {
        await client.db('admin').command({ ping: 1 });
        const tookMs = Date.now() - started;
        if (tookMs > budgetMs) failures.push(`ping took ${tookMs} ms`);
        else answered += 1;
      } catch (error) {
        failures.push(`ping failed after ${Date.now() - started} ms: ${error instanceof Error ? error.message : String(error)}`);
      }
      await delay(intervalMs);
    }
  })();
  return {
    get answered() {
      return answered;
    },
    stop: async () => {
      running = false;
      await loop;
      await client.close();
      return failures;
    },
  };
}
