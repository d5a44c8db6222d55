import { DomainErrorException, problemFor } from '@ledger/platform';
import { renderNginxConfig, type NginxConfigOptions } from '../src/gateway/nginx-config';
import { gatewayProblems, problemJson } from '../src/gateway/problems';
import { defaultRateLimits } from '../src/gateway/gateway';

const options: NginxConfigOptions = {
  port: 8080,
  commandApis: ['127.0.0.1:3000', '127.0.0.1:3010'],
  queryApis: ['127.0.0.1:3001'],
  projectors: ['127.0.0.1:3002', '127.0.0.1:3012'],
  rateLimits: { requestsPerSecond: 7, burst: 9, requestsPerSecondPerAddress: 30, burstPerAddress: 60 },
  upstream: { maxFails: 2, failTimeoutSeconds: 4, keepaliveConnections: 16 },
  workerProcesses: 1,
  dataDir: '/repo/.local/gateway/8080',
};

/** The lines of one `name { … }` block at any depth, trimmed, without the braces. */
function block(config: string, name: string): string[] {
  const lines = config.split('\n');
  const start = lines.findIndex((line) => line.trim() === `${name} {`);
  if (start < 0) throw new Error(`no block ${name}`);
  const body: string[] = [];
  let depth = 1;
  for (const line of lines.slice(start + 1)) {
    depth += (line.match(/\{/g) ?? []).length - (line.match(/\}/g) ?? []).length;
    if (depth <= 0) break;
    body.push(line.trim());
  }
  return body;
}

describe('the gateway nginx.conf', () => {
  const config = renderNginxConfig(options);

  it('is the same text for the same options, and names no path outside the data folder', () => {
    expect(renderNginxConfig(options)).toBe(config);
    const paths = [...config.matchAll(/"(\/[^"]*)"/g)].map((match) => match[1] ?? '');
    expect(paths.length).toBeGreaterThanOrEqual(7);
    expect(paths.filter((path) => !path.startsWith('/repo/.local/gateway/8080/'))).toEqual([]);
    expect(config).toMatch(/^daemon off;$/m);
    expect(config).toContain('pid "/repo/.local/gateway/8080/nginx.pid";');
    expect(config).not.toContain('/var/');
  });

  it('lists every instance in its upstream with passive health checks and keep-alive connections', () => {
    expect(block(config, 'upstream ledger_command_apis')).toEqual([
      'zone ledger_command_apis 64k;',
      'server 127.0.0.1:3000 max_fails=2 fail_timeout=4s;',
      'server 127.0.0.1:3010 max_fails=2 fail_timeout=4s;',
      'keepalive 16;',
      'keepalive_timeout 30s;',
    ]);
    expect(block(config, 'upstream ledger_query_apis')).toContain('server 127.0.0.1:3001 max_fails=2 fail_timeout=4s;');
    expect(block(config, 'upstream ledger_projectors')).toContain('hash $http_authorization consistent;');
    expect(config).toContain('proxy_http_version 1.1;');
    expect(config).toContain('proxy_set_header Connection "";');
  });

  it('sends reads to the query APIs and writes to the command APIs, retrying a write on another instance only with an Idempotency-Key', () => {
    expect(block(config, 'map "$request_method $http_idempotency_key" $gateway_route')).toEqual(['default keyed-write;', '"~^(GET|HEAD) " read;', '"~^[^ ]+ $" write;']);
    const root = block(config, 'location /');
    expect(root).toContain('proxy_pass http://ledger_query_apis$request_uri;');
    expect(root).toContain('proxy_next_upstream error timeout;');
    expect(root).toContain('if ($gateway_route = write) { rewrite ^ /_gateway/write last; }');
    expect(block(config, 'location = /_gateway/write')).toEqual(expect.arrayContaining(['internal;', 'proxy_pass http://ledger_command_apis$request_uri;', 'proxy_next_upstream off;']));
    expect(block(config, 'location = /_gateway/keyed-write')).toEqual(
      expect.arrayContaining(['internal;', 'proxy_pass http://ledger_command_apis$request_uri;', 'proxy_next_upstream error timeout non_idempotent;']),
    );
    expect(config.match(/non_idempotent/g)).toHaveLength(1);
  });

  it('strips /admin for the projectors, unbuffered for the console stream, its writes never retried', () => {
    expect(block(config, 'map $request_uri $gateway_admin_uri')).toEqual(['default /;', '"~^/admin(?<rest>/.*)$" $rest;']);
    const admin = block(config, 'location /admin/');
    expect(admin).toEqual(expect.arrayContaining(['proxy_pass http://ledger_projectors$gateway_admin_uri;', 'proxy_buffering off;', 'proxy_redirect ~^(/.*)$ /admin$1;']));
    expect(block(config, 'location = /_gateway/admin-write')).toContain('proxy_next_upstream off;');
  });

  it('limits every proxied location per client and per address, keyed on the token when there is one', () => {
    expect(block(config, 'map $http_authorization $gateway_client')).toEqual(['default $http_authorization;', '"" $binary_remote_addr;']);
    expect(config).toContain('limit_req_zone $gateway_client zone=ledger_per_client:10m rate=7r/s;');
    expect(config).toContain('limit_req_zone $binary_remote_addr zone=ledger_per_address:10m rate=30r/s;');
    expect(config).toContain('limit_req_status 429;');
    for (const location of ['location /', 'location = /_gateway/write', 'location = /_gateway/keyed-write', 'location /admin/', 'location = /_gateway/admin-write']) {
      expect({ location, limits: block(config, location).filter((line) => line.startsWith('limit_req ')) }).toEqual({
        location,
        limits: ['limit_req zone=ledger_per_client burst=9 nodelay;', 'limit_req zone=ledger_per_address burst=60 nodelay;'],
      });
    }
  });

  it('passes the client X-Correlation-Id when the apps would accept it, else its own request id, and answers with it', () => {
    expect(block(config, 'map $http_x_correlation_id $gateway_correlation_id')).toEqual(['default $request_id;', '"~^[!-~]{1,128}$" $http_x_correlation_id;']);
    expect(config).toContain('proxy_set_header X-Correlation-Id $gateway_correlation_id;');
    expect(config).toContain('proxy_hide_header X-Correlation-Id;');
    for (const name of ['@rate_limited', '@payload_too_large', '@unavailable']) {
      expect(block(config, `location ${name}`)).toContain('add_header X-Correlation-Id $gateway_correlation_id always;');
    }
  });

  it('answers its own refusals as problems: 64 KiB body limit, 429 and 503 with Retry-After', () => {
    expect(config).toContain('client_max_body_size 64k;');
    expect(config).toContain('error_page 502 =503 @unavailable;');
    const limited = block(config, 'location @rate_limited');
    expect(limited).toEqual(expect.arrayContaining(['default_type "application/problem+json; charset=utf-8";', 'add_header Retry-After 1 always;']));
    const body = /^return 429 '(.*)';$/.exec(limited.find((line) => line.startsWith('return')) ?? '')?.[1] ?? '';
    expect(JSON.parse(body)).toMatchObject({ status: 429, code: 'RATE_LIMITED', retryAfterSeconds: 1 });
    expect(block(config, 'location @unavailable')).toContain('add_header Retry-After 2 always;');
  });

  it('refuses options nginx would misread', () => {
    expect(() => renderNginxConfig({ ...options, queryApis: [] })).toThrow(/queryApis is empty/);
    expect(() => renderNginxConfig({ ...options, commandApis: ['127.0.0.1:3000; evil'] })).toThrow(/expected host:port/);
    expect(() => renderNginxConfig({ ...options, rateLimits: { ...options.rateLimits, burst: 0.5 } })).toThrow(/burst/);
    expect(() => renderNginxConfig({ ...options, dataDir: '/tmp/$HOME' })).toThrow(/cannot quote/);
  });
});

describe('the gateway problems', () => {
  it('are what the platform would write for the same status, code and detail', () => {
    for (const gatewayProblem of Object.values(gatewayProblems({ bodyLimitBytes: 65_536 }))) {
      const { status, code, detail, retryAfterSeconds } = gatewayProblem;
      // The platform's own way from a code, a status and facts to the problem an app answers.
      const refusal = new DomainErrorException({ code, message: detail, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) });
      const expected = problemFor(refusal, { [code]: status });
      expect(problemJson(gatewayProblem)).toBe(JSON.stringify(expected));
    }
  });
});

describe('the gateway rate limits', () => {
  it('default to 100 a second per client, four clients per address, two seconds of burst', () => {
    expect(defaultRateLimits({})).toEqual({ requestsPerSecond: 100, burst: 200, requestsPerSecondPerAddress: 400, burstPerAddress: 800 });
    expect(defaultRateLimits({ requestsPerSecond: 1, burst: 2 })).toEqual({ requestsPerSecond: 1, burst: 2, requestsPerSecondPerAddress: 4, burstPerAddress: 8 });
  });
});
