import { type Redis } from 'ioredis';
import { createHash } from 'node:crypto';

/**
 * A Lua script run by its SHA (EVALSHA), sent whole only when the server does not know it yet
 * (NOSCRIPT: first use, or after Redis restarted): one round trip either way on the hot path,
 * without the script's text on every call.
 */
export class RedisScript {
  private readonly sha: string;

  constructor(private readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(redis: Redis, key: string, args: readonly (string | number)[]): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, 1, key, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return redis.eval(this.source, 1, key, ...args);
    }
  }
}
