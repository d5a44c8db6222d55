/** One environment variable that failed validation, and why, in words an operator can act on. */
export interface ConfigIssue {
  readonly variable: string;
  readonly problem: string;
}

/**
 * Thrown once by `loadConfig` with every invalid variable at the same time, so an operator fixes
 * the whole environment in one round instead of one typo per restart.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(readonly issues: readonly ConfigIssue[]) {
    super(`Invalid configuration: ${issues.map((issue) => `${issue.variable}: ${issue.problem}`).join('; ')}`);
  }
}

/**
 * Thrown by a variable's parser; `loadConfig` collects it under the variable's name, or under
 * `variable` when the value came from another one (a variable's former name).
 */
export class InvalidValue extends Error {
  override readonly name = 'InvalidValue';

  constructor(
    message: string,
    readonly variable?: string,
  ) {
    super(message);
  }
}
