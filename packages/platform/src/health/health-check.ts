/**
 * One dependency the app needs to serve traffic. `check` resolves when the dependency answered
 * (optionally with facts worth showing, e.g. the broker count) and rejects when it did not.
 */
export interface HealthCheck {
  readonly name: string;
  check(): Promise<HealthDetails | void>;
}

/** Facts a check reports. `object`, not a record type, so interfaces (which have no index signature) fit. */
export type HealthDetails = object;

export type CheckResult =
  | { readonly status: 'up'; readonly latencyMs: number; readonly details?: HealthDetails }
  | { readonly status: 'down'; readonly latencyMs: number; readonly error: string };

/** The body of `GET /health`: up only when every check is up. */
export interface HealthReport {
  readonly status: 'up' | 'down';
  readonly checks: Readonly<Record<string, CheckResult>>;
}
