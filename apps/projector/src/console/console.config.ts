import { env } from '@ledger/platform';

/**
 * The operator console's settings, spread into the projector's schema. The intervals have
 * floors so a typo cannot turn every open page into a tight loop over the database and Kafka.
 */
export function consoleEnv() {
  return {
    /** The OpenID client the page signs in as (authorization code + PKCE, no secret); the provider must know it. */
    consoleClientId: env.string('CONSOLE_CLIENT_ID', 'ledger-console'),
    /** Where the event relay listens; the console shows its role, checkpoint and lag from `GET /relay`. */
    relayUrl: env.url('RELAY_URL', 'http://127.0.0.1:3003', ['http:', 'https:']),
    /** How often an open console gets a fresh snapshot. */
    consoleStreamIntervalMs: env.integer('CONSOLE_STREAM_INTERVAL_MS', 1_000, { min: 100, max: 60_000 }),
    /** How often the lag history (the last 10 minutes, in memory) takes a sample; also the window of `appliedPerSecond`. */
    consoleHistorySampleMs: env.integer('CONSOLE_HISTORY_SAMPLE_MS', 5_000, { min: 1_000, max: 60_000 }),
    /** Console streams open at once on this instance; one more is refused with 503. */
    consoleMaxStreams: env.integer('CONSOLE_MAX_STREAMS', 20, { min: 1, max: 1_000 }),
  };
}
