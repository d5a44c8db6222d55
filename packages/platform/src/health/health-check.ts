/**
 * One dependency the app needs to serve traffic. `check` resolves when the dependency answered
 * (optionally with facts worth showing, e.g. the broker count) and rejects when it did not.
 */
export interface HealthCheck {
  readonly name: string;
  /**
   * True for a dependency only some features need (the query API's MongoDB serves portfolios,
   * not accounts): its state is reported, but while it is down the app stays ready and the
   * features that need it answer 503 themselves.
   */
  readonly optional?: boolean;
  check(): Promise<HealthDetails | void>;
}

/** Facts a check reports. `object`, not a record type, so interfaces (which have no index signature) fit. */
export type HealthDetails = object;

export type CheckResult =
  | { readonly status: 'up'; readonly latencyMs: number; readonly details?: HealthDetails; readonly optional?: true }
  | { readonly status: 'down'; readonly latencyMs: number; readonly error: string; readonly optional?: true };

/** The body of `GET /health/ready` (and `/health`): up when every check that is not optional is up. */
export interface HealthReport {
  readonly status: 'up' | 'down';
  readonly checks: Readonly<Record<string, CheckResult>>;
}
