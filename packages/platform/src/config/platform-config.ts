import { isIP, isIPv6 } from 'node:net';
import { env } from './env';

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

export const DEFAULT_HTTP_REQUEST_TIMEOUT_MS = 10_000;
export const DEFAULT_HTTP_CONNECTION_TIMEOUT_MS = 60_000;

/** What `bootstrapApp` itself needs from an app's config: where to listen, how much to log, how long to wait. */
export interface PlatformConfig {
  readonly host: string;
  readonly port: number;
  readonly logLevel: LogLevel;
  /** Fastify `requestTimeout`: the longest a client may take to send one whole request (default 10 s). */
  readonly httpRequestTimeoutMs?: number;
  /** Fastify `connectionTimeout`: a socket silent this long is closed, a handler that never answers included (default 60 s). */
  readonly httpConnectionTimeoutMs?: number;
  /** The proxies whose `X-Forwarded-For` names the client (addresses or CIDRs); none by default. */
  readonly trustedProxies?: readonly string[];
}

/** `10.0.0.0/8,127.0.0.1`: addresses or CIDR ranges, IPv4 or IPv6. */
function parseProxies(value: string): readonly string[] {
  return value.split(',').map((entry) => {
    const proxy = entry.trim();
    const [address = '', bits, extra] = proxy.split('/');
    const prefixOk = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (isIPv6(address) ? 128 : 32));
    if (isIP(address) === 0 || !prefixOk || extra !== undefined) throw new Error(`"${proxy}" is not an IP address or CIDR range`);
    return proxy;
  });
}

/**
 * The schema fields behind `PlatformConfig`, spread into every app's schema. Each app names its
 * own port variable so all four can run side by side on one machine.
 */
export function platformEnv(portVariable: string, defaultPort: number) {
  return {
    host: env.string('HOST', '0.0.0.0'),
    port: env.port(portVariable, defaultPort),
    logLevel: env.oneOf('LOG_LEVEL', logLevels, 'info'),
    /** A slow or stalled client (slowloris) cannot hold a connection open by sending a request bit by bit. */
    httpRequestTimeoutMs: env.integer('HTTP_REQUEST_TIMEOUT_MS', DEFAULT_HTTP_REQUEST_TIMEOUT_MS, { min: 1_000, max: 600_000 }),
    /**
     * The last resort against a request nothing else bounded: above every wait an app documents
     * (the query API's longest read-your-writes wait is 30 s), so it only cuts what is truly stuck.
     */
    httpConnectionTimeoutMs: env.integer('HTTP_CONNECTION_TIMEOUT_MS', DEFAULT_HTTP_CONNECTION_TIMEOUT_MS, { min: 1_000, max: 3_600_000 }),
    /**
     * Behind a gateway every client has the gateway's address: without this, the anonymous rate
     * limit would be one bucket for everyone. Only the proxies named may say who the client is.
     */
    trustedProxies: env.custom('TRUST_PROXY', [] as readonly string[], parseProxies),
  };
}

/**
 * The MongoDB settings of an app that reads or writes MongoDB (see `mongodbConnection`), with the
 * app's default operation limit (an API answering a client needs a shorter one than a projector).
 */
export function mongodbEnv(defaultTimeoutMs = 10_000) {
  return {
    // The local stack's FerretDB in development; required in production (NODE_ENV=production).
    mongodbUrl: env.developmentDefault(env.url('MONGODB_URL', undefined, ['mongodb:', 'mongodb+srv:']), 'mongodb://127.0.0.1:27018/ledger'),
    /** The longest one MongoDB operation may wait for the server before it fails. */
    mongodbTimeoutMs: env.integer('MONGODB_TIMEOUT_MS', defaultTimeoutMs, { min: 100, max: 600_000 }),
  };
}
