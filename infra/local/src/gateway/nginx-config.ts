import { join } from 'node:path';
import { gatewayProblems, problemJson, type GatewayProblem } from './problems';

/** The contract's body limit (docs/rest-contract.md, "Request bodies"), the apps' BODY_LIMIT_BYTES. */
export const BODY_LIMIT_BYTES = 65_536;

/** Per-client rate limits, in requests a second (nginx `limit_req`, a leaky bucket). */
export interface GatewayRateLimits {
  /** One client: its `Authorization` header, or its address when it sends none. */
  readonly requestsPerSecond: number;
  /** Requests a client may send at once beyond the rate before the next is refused. */
  readonly burst: number;
  /** One address, whatever tokens it sends: bounds a client that makes up a token per request. */
  readonly requestsPerSecondPerAddress: number;
  readonly burstPerAddress: number;
}

/** Passive health checks and connection reuse towards the instances. */
export interface GatewayUpstreamSettings {
  /** Failed attempts (refused, reset, timed out) that take an instance out of rotation… */
  readonly maxFails: number;
  /** …for this long; then one request tries it again. */
  readonly failTimeoutSeconds: number;
  /** Idle keep-alive connections each nginx worker keeps per group. */
  readonly keepaliveConnections: number;
}

export interface NginxConfigOptions {
  /** Where the gateway listens: `127.0.0.1:<port>` (local tooling, never all interfaces). */
  readonly port: number;
  /** `host:port` of every instance of each app. */
  readonly commandApis: readonly string[];
  readonly queryApis: readonly string[];
  readonly projectors: readonly string[];
  readonly rateLimits: GatewayRateLimits;
  readonly upstream: GatewayUpstreamSettings;
  readonly workerProcesses: number;
  /** The folder that holds the pid file, the access log and nginx's temp folders. */
  readonly dataDir: string;
}

/** The files the rendered config names, below `dataDir`. */
export function gatewayFiles(dataDir: string): { readonly pidFile: string; readonly accessLog: string; readonly tempDir: string; readonly configFile: string } {
  return { pidFile: join(dataDir, 'nginx.pid'), accessLog: join(dataDir, 'access.log'), tempDir: join(dataDir, 'temp'), configFile: join(dataDir, 'nginx.conf') };
}

const hostPort = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]):\d{1,5}$/;

/**
 * nginx.conf for the gateway of `docs/rest-contract.md` ("Gateway"): reads to the query APIs,
 * writes to the command APIs, `/admin/…` to the projectors with the prefix stripped. Pure: the
 * same options always give the same text.
 */
export function renderNginxConfig(options: NginxConfigOptions): string {
  validate(options);
  const files = gatewayFiles(options.dataDir);
  const { rateLimits: limits, upstream } = options;
  const temp = (name: string): string => quoted(join(files.tempDir, name));
  return [
    '# Rendered by infra/local/src/gateway/nginx-config.ts for this run; edits are overwritten.',
    'daemon off;',
    `worker_processes ${options.workerProcesses};`,
    `pid ${quoted(files.pidFile)};`,
    // nginx's own messages go to stderr, which the runner prefixes; a refused request is no news.
    'error_log stderr warn;',
    'events { worker_connections 1024; }',
    '',
    'http {',
    indent([
      'server_tokens off;',
      `client_body_temp_path ${temp('body')};`,
      `proxy_temp_path ${temp('proxy')};`,
      `fastcgi_temp_path ${temp('fastcgi')};`,
      `uwsgi_temp_path ${temp('uwsgi')};`,
      `scgi_temp_path ${temp('scgi')};`,
      '',
      ...routing(),
      '',
      ...rateLimiting(limits),
      '',
      ...accessLog(files.accessLog),
      '',
      ...upstreamGroup('ledger_command_apis', options.commandApis, upstream),
      // An operator's console and the actions it sends stay on one projector: each instance keeps
      // its own history and answers only for the projections it runs.
      ...upstreamGroup('ledger_projectors', options.projectors, upstream, 'hash $http_authorization consistent;'),
      ...upstreamGroup('ledger_query_apis', options.queryApis, upstream),
      ...server(options.port, limits),
    ]),
    '}',
    '',
  ].join('\n');
}

function validate(options: NginxConfigOptions): void {
  for (const [group, addresses] of Object.entries({ commandApis: options.commandApis, queryApis: options.queryApis, projectors: options.projectors })) {
    if (addresses.length === 0) throw new Error(`gateway: ${group} is empty; every group needs at least one instance`);
    const bad = addresses.filter((address) => !hostPort.test(address));
    if (bad.length > 0) throw new Error(`gateway: ${group} holds ${bad.join(', ')}; expected host:port`);
  }
  const counts = { ...options.rateLimits, ...options.upstream, workerProcesses: options.workerProcesses, port: options.port };
  for (const [name, value] of Object.entries(counts)) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`gateway: ${name} must be a whole number of at least 1, not ${value}`);
  }
  if (options.port > 65_535) throw new Error(`gateway: port ${options.port} is not a port`);
}

/**
 * Which way a request goes. Reads (GET, HEAD) to the query APIs; every other method is a write
 * for the command APIs (or the projector's admin actions), and a write that carries an
 * Idempotency-Key is the only one that may be sent to a second instance.
 */
function routing(): string[] {
  return [
    'map "$request_method $http_idempotency_key" $gateway_route {',
    indent(['default keyed-write;', '"~^(GET|HEAD) " read;', '"~^[^ ]+ $" write;']),
    '}',
    // The apps accept a client's id when it is 1-128 printable ASCII characters (correlation-id.ts);
    // anything else would be replaced by each app with an id of its own, so the gateway makes one.
    'map $http_x_correlation_id $gateway_correlation_id {',
    indent(['default $request_id;', '"~^[!-~]{1,128}$" $http_x_correlation_id;']),
    '}',
    // The URI as the client sent it (not nginx's decoded and re-encoded form), so an app judges
    // exactly the path it would see without the gateway; /admin is cut off for the projector.
    'map $request_uri $gateway_admin_uri {',
    indent(['default /;', '"~^/admin(?<rest>/.*)$" $rest;']),
    '}',
  ];
}

/**
 * Two buckets per request. The client bucket is keyed on the Authorization header when there is
 * one: many clients share an address (behind NAT, a proxy, or every local test on 127.0.0.1),
 * and a token is what the apps' own limit counts (its subject). A client could dodge that bucket
 * by sending a made-up token each time, so the address bucket, larger, bounds every address
 * whatever it sends; the apps refuse the made-up tokens and count them against the address.
 * A token is a large key (about a kilobyte): the 10 MB zone holds some ten thousand clients,
 * and nginx drops the least recent when it is full.
 */
function rateLimiting(limits: GatewayRateLimits): string[] {
  return [
    'map $http_authorization $gateway_client {',
    indent(['default $http_authorization;', '"" $binary_remote_addr;']),
    '}',
    `limit_req_zone $gateway_client zone=ledger_per_client:10m rate=${limits.requestsPerSecond}r/s;`,
    `limit_req_zone $binary_remote_addr zone=ledger_per_address:10m rate=${limits.requestsPerSecondPerAddress}r/s;`,
    'limit_req_status 429;',
    'limit_req_log_level notice;',
  ];
}

function limitRequests(limits: GatewayRateLimits): string[] {
  return [`limit_req zone=ledger_per_client burst=${limits.burst} nodelay;`, `limit_req zone=ledger_per_address burst=${limits.burstPerAddress} nodelay;`];
}

/** One JSON line per request: which instance answered, and every one tried before it. */
function accessLog(file: string): string[] {
  const fields = [
    '"time":"$time_iso8601"',
    '"client":"$remote_addr"',
    '"method":"$request_method"',
    '"uri":"$request_uri"',
    '"status":$status',
    '"route":"$gateway_route"',
    '"upstream":"$upstream_addr"',
    '"upstreamStatus":"$upstream_status"',
    '"correlationId":"$gateway_correlation_id"',
    '"seconds":$request_time',
  ];
  return [`log_format ledger_gateway escape=json '{${fields.join(',')}}';`, `access_log ${quoted(file)} ledger_gateway;`];
}

function upstreamGroup(name: string, addresses: readonly string[], settings: GatewayUpstreamSettings, balancing?: string): string[] {
  return [
    `upstream ${name} {`,
    indent([
      // Shared by the workers, so one worker's failed attempt takes the instance out for all.
      `zone ${name} 64k;`,
      ...(balancing === undefined ? [] : [balancing]),
      ...addresses.map((address) => `server ${address} max_fails=${settings.maxFails} fail_timeout=${settings.failTimeoutSeconds}s;`),
      `keepalive ${settings.keepaliveConnections};`,
      // Below the apps' idle limit (HTTP_CONNECTION_TIMEOUT_MS, 60 s): nginx closes an idle
      // connection before the app does, so no request is sent on one the app is closing.
      'keepalive_timeout 30s;',
    ]),
    '}',
  ];
}

function server(port: number, limits: GatewayRateLimits): string[] {
  const problems = gatewayProblems({ bodyLimitBytes: BODY_LIMIT_BYTES });
  return [
    'server {',
    indent([
      `listen 127.0.0.1:${port};`,
      `client_max_body_size ${BODY_LIMIT_BYTES / 1024}k;`,
      // The whole body in memory: a keyed write sent again to another instance is sent from it.
      `client_body_buffer_size ${BODY_LIMIT_BYTES / 1024}k;`,
      // Locations the apps send (`/accounts/<id>`, the projector's rebuild) stay relative.
      'absolute_redirect off;',
      'client_header_timeout 10s;',
      'client_body_timeout 10s;',
      '',
      'proxy_http_version 1.1;',
      'proxy_set_header Connection "";',
      'proxy_set_header Host $http_host;',
      // The gateway is the edge: what a client claims in X-Forwarded-For is not passed on.
      'proxy_set_header X-Forwarded-For $remote_addr;',
      'proxy_set_header X-Forwarded-Proto $scheme;',
      'proxy_set_header X-Correlation-Id $gateway_correlation_id;',
      // The apps echo the id they were given; the gateway sends it once, on its own answers too.
      'proxy_hide_header X-Correlation-Id;',
      'add_header X-Correlation-Id $gateway_correlation_id always;',
      'proxy_connect_timeout 2s;',
      // Past the longest wait an app documents (read-your-writes, 30 s).
      'proxy_read_timeout 60s;',
      'proxy_send_timeout 10s;',
      'proxy_max_temp_file_size 0;',
      '',
      'error_page 429 @rate_limited;',
      'error_page 413 @payload_too_large;',
      'error_page 502 =503 @unavailable;',
      'error_page 504 @gateway_timeout;',
      'error_page 400 @bad_request;',
      'error_page 404 @not_found;',
      'error_page 494 =431 @headers_too_large;',
      '',
      'location = /gateway/health {',
      indent(['access_log off;', 'default_type application/json;', `return 200 '{"status":"up"}';`]),
      '}',
      '',
      // `proxy_next_upstream` cannot sit under `if`, so writes move to internal locations.
      'location / {',
      indent([
        ...limitRequests(limits),
        'if ($gateway_route = write) { rewrite ^ /_gateway/write last; }',
        'if ($gateway_route = keyed-write) { rewrite ^ /_gateway/keyed-write last; }',
        'proxy_pass http://ledger_query_apis$request_uri;',
        'proxy_next_upstream error timeout;',
      ]),
      '}',
      'location = /_gateway/write {',
      indent(['internal;', ...limitRequests(limits), 'proxy_pass http://ledger_command_apis$request_uri;', 'proxy_next_upstream off;']),
      '}',
      'location = /_gateway/keyed-write {',
      indent([
        'internal;',
        ...limitRequests(limits),
        'proxy_pass http://ledger_command_apis$request_uri;',
        // The key makes a second delivery a replay, even when the first instance did take it.
        'proxy_next_upstream error timeout non_idempotent;',
      ]),
      '}',
      '',
      'location = /admin { return 301 /admin/$is_args$args; }',
      'location /admin/ {',
      indent([
        ...limitRequests(limits),
        'if ($gateway_route != read) { rewrite ^ /_gateway/admin-write last; }',
        ...adminProxy('error timeout'),
      ]),
      '}',
      'location = /_gateway/admin-write {',
      indent(['internal;', ...limitRequests(limits), ...adminProxy('off')]),
      '}',
      '',
      ...Object.entries(problems).flatMap(([name, problem]) => problemLocation(name, problem)),
    ]),
    '}',
  ];
}

/** The projector behind /admin/: its Location headers get the prefix back; its console stream is passed on as it comes. */
function adminProxy(nextUpstream: string): string[] {
  return [
    'proxy_pass http://ledger_projectors$gateway_admin_uri;',
    `proxy_next_upstream ${nextUpstream};`,
    'proxy_redirect ~^(/.*)$ /admin$1;',
    // Server-Sent Events (/admin/console/stream): every snapshot reaches the page at once.
    'proxy_buffering off;',
  ];
}

function problemLocation(name: string, problem: GatewayProblem): string[] {
  const body = problemJson(problem);
  if (body.includes('$') || body.includes("'") || body.includes('\\')) throw new Error(`gateway: the ${name} problem cannot be written as an nginx string`);
  return [
    `location @${name} {`,
    indent([
      'default_type "application/problem+json; charset=utf-8";',
      // add_header here replaces the server's, so the correlation id is named again.
      'add_header X-Correlation-Id $gateway_correlation_id always;',
      ...(problem.retryAfterSeconds === undefined ? [] : [`add_header Retry-After ${problem.retryAfterSeconds} always;`]),
      `return ${problem.status} '${body}';`,
    ]),
    '}',
  ];
}

function quoted(path: string): string {
  // nginx has no escape for `$` (a variable) and a quoted string ends at `"`.
  if (/["\\$\p{Cc}]/u.test(path)) throw new Error(`gateway: the path ${path} holds a character nginx.conf cannot quote`);
  return `"${path}"`;
}

function indent(lines: readonly string[]): string {
  return lines
    .join('\n')
    .split('\n')
    .map((line) => (line === '' ? line : `    ${line}`))
    .join('\n');
}
