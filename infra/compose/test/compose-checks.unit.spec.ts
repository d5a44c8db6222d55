import { env } from '@ledger/platform';
import { appEnvironmentProblems } from '../src/app-environment';
import { composeDocumentOf, parseMount, parsePort } from '../src/compose-model';
import { interpolate } from '../src/interpolate';
import { missingFileProblems } from '../src/mounts';
import { documentedComposePorts, documentedDefault, portProblems, section } from '../src/ports';

// The checks' parts on small inputs; compose.int.spec.ts runs them on the real compose.yaml.

describe("Compose's interpolation", () => {
  it('takes defaults, alternatives and the escaped dollar as Compose does', () => {
    const shell = { SET: 'kurrentdb', EMPTY: '' };
    expect(interpolate('${UNSET:-postgres}', shell)).toBe('postgres');
    expect(interpolate('${SET:-postgres}', shell)).toBe('kurrentdb');
    expect(interpolate('${EMPTY:-postgres} ${EMPTY-postgres}', shell)).toBe('postgres ');
    expect(interpolate('${SET:+on}${UNSET:+on}', shell)).toBe('on');
    expect(interpolate('$SET $$SET ${UNSET}', shell)).toBe('kurrentdb $SET ');
    expect(() => interpolate('${UNSET:?set it}', shell)).toThrow('UNSET is required: set it');
    expect(() => interpolate('${A:-${B}}', shell)).toThrow('nested expressions');
  });
});

describe("Compose's short and long syntaxes", () => {
  it('read ports and mounts alike', () => {
    expect(parsePort('127.0.0.1:8080:80/tcp', 'p')).toEqual({ hostIp: '127.0.0.1', published: 8080, target: 80 });
    expect(parsePort('9090:9090', 'p')).toEqual({ hostIp: undefined, published: 9090, target: 9090 });
    expect(parsePort(6379, 'p')).toEqual({ hostIp: undefined, published: undefined, target: 6379 });
    expect(parsePort({ target: 80, published: '8080', host_ip: '127.0.0.1' }, 'p')).toEqual({ hostIp: '127.0.0.1', published: 8080, target: 80 });
    expect(() => parsePort('8000-8001:80', 'p')).toThrow('is not a single port');
    expect(parseMount('./infra/x.yml:/etc/x.yml:ro', 'm')).toEqual({ type: 'bind', source: './infra/x.yml', target: '/etc/x.yml' });
    expect(parseMount('data:/var/lib/data', 'm')).toEqual({ type: 'volume', source: 'data', target: '/var/lib/data' });
    expect(parseMount({ type: 'bind', source: '/srv', target: '/srv' }, 'm')).toEqual({ type: 'bind', source: '/srv', target: '/srv' });
  });

  it('read an environment given as a list, a value from the shell included', () => {
    const document = composeDocumentOf({ services: { app: { environment: ['A=1', 'B=x=y', 'C'] } } });
    expect(document.services['app']?.environment).toEqual({ A: '1', B: 'x=y', C: null });
  });
});

describe('the environment check', () => {
  const schema = {
    port: env.port('DEMO_PORT', 3000),
    url: env.developmentDefault(env.url('DEMO_URL', undefined, ['postgres:']), 'postgres://localhost/demo'),
    migrate: env.developmentDefault(env.oneOf('DEMO_MIGRATE', ['true', 'false'] as const), 'true', 'false'),
  };
  const check = (environment: Record<string, string | null>): string[] => appEnvironmentProblems({ service: 'demo-1', schema, environment, alsoRead: new Set(['NODE_ENV']) });
  const complete = { DEMO_URL: 'postgres://db/demo', DEMO_MIGRATE: 'false', NODE_ENV: 'development' };

  it('passes an environment that sets what production would otherwise decide', () => {
    expect(check(complete)).toEqual([]);
  });

  it('reports each kind of mistake', () => {
    expect(check({ ...complete, DEMO_PROT: '3000' })).toEqual(['demo-1: DEMO_PROT is set, but the app does not read it']);
    expect(check({ ...complete, DEMO_PORT: '70000' })).toEqual(['demo-1: DEMO_PORT: "70000" is not a port (1-65535)']);
    expect(check({ DEMO_MIGRATE: 'false' })).toEqual(['demo-1: DEMO_URL is not set: the app would run on its development default, which production refuses']);
    expect(check({ DEMO_URL: 'postgres://db/demo' })).toEqual(['demo-1: DEMO_MIGRATE is not set, so it depends on NODE_ENV ("true" in development, "false" in production)']);
    expect(check({ ...complete, DEMO_URL: null })).toEqual([
      'demo-1: DEMO_URL takes its value from the shell that runs compose',
      'demo-1: DEMO_URL is not set: the app would run on its development default, which production refuses',
    ]);
  });
});

describe('the files check', () => {
  const document = composeDocumentOf({
    services: { web: { build: { context: '.', dockerfile: 'infra/docker/Dockerfile' }, volumes: ['./conf/web.conf:/etc/web.conf:ro', 'cache:/cache'] } },
    volumes: { cache: null },
  });

  it('finds every mounted file, build context and Dockerfile, and reports each one missing', () => {
    expect(missingFileProblems(document, '/repo', () => true)).toEqual([]);
    expect(missingFileProblems(document, '/repo', (path) => path === '/repo')).toEqual([
      'web: mounts ./conf/web.conf at /etc/web.conf, which does not exist',
      'web: builds with infra/docker/Dockerfile, which does not exist',
    ]);
  });
});

describe('the ports check', () => {
  const configurationMd = '| `LEDGER_GATEWAY_PORT` | `8080` | the gateway |\n';
  const deployingMd = '# Deploying\n## Docker Compose\n| service | on this machine |\n| --- | --- |\n| `gateway` | http://localhost:8080 |\n| `postgres` | — |\n## Next\n| `gateway` | http://localhost:1 |\n';
  const documented = documentedComposePorts(section(deployingMd, 'Docker Compose') ?? '');
  const check = (ports: readonly string[]): string[] =>
    portProblems(composeDocumentOf({ services: { gateway: { ports }, postgres: {} } }), { documented, canonical: { gateway: ['LEDGER_GATEWAY_PORT'] }, configurationMd });

  it("reads the docs' table of one section and the documented defaults", () => {
    expect(documentedDefault(configurationMd, 'LEDGER_GATEWAY_PORT')).toBe(8080);
    expect([...documented]).toEqual([
      ['gateway', [8080]],
      ['postgres', []],
    ]);
  });

  it('reports a port that differs from the docs, or that is open beyond this machine', () => {
    expect(check(['127.0.0.1:8080:8080'])).toEqual([]);
    expect(check(['127.0.0.1:8081:8080'])).toEqual(['gateway: compose.yaml publishes 8081, the docs say 8080', "gateway: compose.yaml publishes 8081, docs/configuration.md's LEDGER_GATEWAY_PORT say 8080"]);
    expect(check(['8080:8080'])).toEqual(['gateway: publishes port 8080 on every interface, not 127.0.0.1']);
  });
});
