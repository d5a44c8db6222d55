import { setTimeout as delay } from 'node:timers/promises';
import type { CheckResult, HealthCheck, HealthReport } from './health-check';

/** Long enough for a healthy round trip under load, short enough for a readiness probe. */
export const DEFAULT_CHECK_TIMEOUT_MS = 2_000;

/**
 * The readiness checks of one app, injectable by its class. Modules that own a connection
 * register its check here (in their constructor), so `/health` grows with the app and nothing
 * else needs to know.
 */
export class HealthChecks {
  private readonly checks = new Map<string, HealthCheck>();

  constructor(private readonly timeoutMs: number = DEFAULT_CHECK_TIMEOUT_MS) {}

  register(check: HealthCheck): void {
    if (this.checks.has(check.name)) throw new Error(`A health check named "${check.name}" is already registered`);
    this.checks.set(check.name, check);
  }

  /**
   * Runs every check in parallel, each bounded by the timeout, so one hanging dependency makes
   * the report "down" instead of making the probe itself hang.
   */
  async run(): Promise<HealthReport> {
    const entries = await Promise.all(
      [...this.checks.values()].map(async (check) => [check.name, await this.runOne(check)] as const),
    );
    const checks = Object.fromEntries(entries);
    const requiredUp = entries.every(([, result]) => result.status === 'up' || result.optional === true);
    return { status: requiredUp ? 'up' : 'down', checks };
  }

  private async runOne(check: HealthCheck): Promise<CheckResult> {
    const result = await this.resultOf(check);
    return check.optional === true ? { ...result, optional: true } : result;
  }

  private async resultOf(check: HealthCheck): Promise<CheckResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const abandon = new AbortController();
    try {
      const details = await Promise.race([
        check.check(),
        delay(this.timeoutMs, undefined, { signal: abandon.signal }).then(() => {
          throw new Error(`no answer within ${this.timeoutMs} ms`);
        }),
      ]);
      return details ? { status: 'up', latencyMs: elapsed(), details } : { status: 'up', latencyMs: elapsed() };
    } catch (error) {
      return { status: 'down', latencyMs: elapsed(), error: error instanceof Error ? error.message : String(error) };
    } finally {
      abandon.abort();
    }
  }
}
