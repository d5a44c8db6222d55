import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHECKOV_VERSION, HELM_VERSION, KUBERNETES_VERSION } from '../../local/src/helm-tools';
import { environmentProblems, readOutsideSchemas, schemaOf } from './app-environments';
import { decode, ensureTools, lint, namespace, run, template, valuesFiles, writeRendered, type Tools, type ValuesFile } from './chart-tools';
import { describeFinding, readCheckovReport } from './checkov-report';
import { componentOf, ofKind, type KubeObject, type NetworkPolicy, type Rendered, type ScaleTarget, type Workload } from './rendered-objects';
import { openRules, podProblems, selectedComponents } from './workload-checks';

/**
 * The chart in infra/helm/ledger, checked without a cluster: Helm lints and renders it with each
 * values file for the Kubernetes release it targets, kubecheck decodes every rendered object
 * strictly into that release's Go types (and the CRDs' own types), checkov finds no policy
 * failure, and the objects are what the chart promises: probes, limits, a locked-down security
 * context, a relay of two, a migration hook, closed network policies, and for each app an
 * environment its config schema accepts. The first run builds Helm and kubecheck with Go and installs checkov
 * (minutes, with progress on stderr); later runs take them from the cache.
 */

const apps = ['command-api', 'query-api', 'projector', 'event-relay', 'transfer-processor'] as const;
const migratingApps = ['command-api', 'projector', 'event-relay', 'transfer-processor'];

let tools: Tools;
const renderings = new Map<ValuesFile, { readonly yaml: string; readonly objects: readonly Rendered[] }>();

function rendering(values: ValuesFile): { readonly yaml: string; readonly objects: readonly Rendered[] } {
  const found = renderings.get(values);
  if (found === undefined) throw new Error(`${values} was not rendered`);
  return found;
}

beforeAll(async () => {
  tools = await ensureTools();
  for (const values of valuesFiles) {
    const yaml = template(tools, values);
    const decoded = decode(tools, yaml);
    if (decoded.status !== 0) throw new Error(`kubecheck rejected the rendering of ${values}:\n${decoded.stderr}`);
    renderings.set(values, { yaml, objects: decoded.objects });
  }
}, 60 * 60_000);

describe('the tools', () => {
  it(`are Helm ${HELM_VERSION} and a kubecheck built on the API types of Kubernetes ${KUBERNETES_VERSION}`, () => {
    expect(run(tools.helm, ['version', '--short']).stdout).toMatch(new RegExp(`^v${HELM_VERSION.replace(/\./g, '\\.')}\\b`));
    const [major, minor] = KUBERNETES_VERSION.split('.');
    const versions = run(tools.kubecheck, ['-versions']).stdout;
    expect(versions).toMatch(new RegExp(`^k8s\\.io/api v0\\.${minor ?? ''}\\.\\d+$`, 'm'));
    expect(versions).toMatch(new RegExp(`^k8s\\.io/apimachinery v0\\.${minor ?? ''}\\.\\d+$`, 'm'));
    expect(versions).toMatch(/^github\.com\/prometheus-operator\/prometheus-operator\/pkg\/apis\/monitoring v\d/m);
    expect(versions).toMatch(/^github\.com\/kedacore\/keda\/v2 v\d/m);
    expect(major).toBe('1');
  });
});

describe.each(valuesFiles)('with %s', (values) => {
  it('passes helm lint --strict', () => {
    const result = lint(tools, values);
    expect(`${result.stdout}${result.stderr}`).toContain('1 chart(s) linted, 0 chart(s) failed');
    expect(result.status).toBe(0);
  });

  it('renders objects that all decode strictly, each in the release namespace', () => {
    const { yaml, objects } = rendering(values);
    const documents = yaml.split(/^---$/m).filter((document) => /^kind:/m.test(document)).length;
    expect(objects).toHaveLength(documents);
    expect(objects.filter(({ object }) => object.metadata.namespace !== namespace).map(({ object }) => `${object.kind} ${object.metadata.name}`)).toEqual([]);
  });

  it('has a Deployment, ConfigMap, Service and PodDisruptionBudget for every app', () => {
    const { objects } = rendering(values);
    for (const kind of ['Deployment', 'ConfigMap', 'Service', 'PodDisruptionBudget']) {
      expect(ofKind(objects, kind).map(componentOf).sort()).toEqual([...apps].sort());
    }
  });

  it("runs each app through the image's entry point (tini, then ledger-app <app>), never replacing it", () => {
    const containers = ofKind<Workload>(rendering(values).objects, 'Deployment').map((deployment) => ({ app: componentOf(deployment), container: deployment.spec.template.spec.containers[0] }));
    expect(containers.map(({ app, container }) => ({ app, command: container?.command, args: container?.args }))).toEqual(containers.map(({ app }) => ({ app, command: undefined, args: [app] })));
  });

  it('gives every Deployment both probes, requests and limits, and a locked-down security context', () => {
    const deployments = ofKind<Workload>(rendering(values).objects, 'Deployment');
    expect(deployments.flatMap((deployment) => podProblems(deployment, { probes: true }))).toEqual([]);
  });

  it('runs the relay as two instances, never autoscaled: one leads through its lock, one waits', () => {
    const { objects } = rendering(values);
    const [relay] = ofKind<Workload>(objects, 'Deployment').filter((deployment) => componentOf(deployment) === 'event-relay');
    expect(relay?.spec.replicas).toBe(2);
    const scaled = [...ofKind<ScaleTarget>(objects, 'HorizontalPodAutoscaler'), ...ofKind<ScaleTarget>(objects, 'ScaledObject')].map((scaler) => scaler.spec.scaleTargetRef.name);
    expect(scaled).not.toContain(relay?.metadata.name);
  });

  it('leaves replicas to the autoscaler wherever one scales the Deployment', () => {
    const { objects } = rendering(values);
    const scaled = new Set([...ofKind<ScaleTarget>(objects, 'HorizontalPodAutoscaler'), ...ofKind<ScaleTarget>(objects, 'ScaledObject')].map((scaler) => scaler.spec.scaleTargetRef.name));
    const fighting = ofKind<Workload>(objects, 'Deployment').filter((deployment) => scaled.has(deployment.metadata.name) && deployment.spec.replicas !== undefined);
    expect(fighting.map((deployment) => deployment.metadata.name)).toEqual([]);
  });

  it('migrates in a pre-install,pre-upgrade hook Job, and the migrating apps start with MIGRATE_ON_BOOT=false', () => {
    const { objects } = rendering(values);
    const [job, ...others] = ofKind<Workload>(objects, 'Job');
    expect(others).toEqual([]);
    expect(job?.metadata.annotations?.['helm.sh/hook']).toBe('pre-install,pre-upgrade');
    expect(job?.spec.template.spec.containers[0]?.args).toEqual(['ledger', 'migrate']);
    expect(job === undefined ? ['no Job'] : podProblems(job, { probes: false })).toEqual([]);
    const configMaps = ofKind(objects, 'ConfigMap');
    const onBoot = Object.fromEntries(configMaps.map((configMap) => [componentOf(configMap), configMap.data?.['MIGRATE_ON_BOOT']]));
    expect(onBoot).toEqual(Object.fromEntries(apps.map((app) => [app, migratingApps.includes(app) ? 'false' : undefined])));
  });

  it('gives each app only variables it reads, values it accepts, and nothing left to a development default', () => {
    expect(environmentProblems(rendering(values).objects)).toEqual([]);
  });

  it('takes every credential from the existing Secret and renders no Secret of its own', () => {
    const { objects } = rendering(values);
    expect(ofKind(objects, 'Secret')).toEqual([]);
    const credentials = /^(DATABASE_URL|DATABASE_DIRECT_URL|READ_DATABASE_URL|MONGODB_URL|REDIS_URL|KAFKA_SASL_USERNAME|KAFKA_SASL_PASSWORD|KURRENTDB_URL)$/;
    const inline = ofKind<Workload>(objects, 'Deployment')
      .concat(ofKind<Workload>(objects, 'Job'))
      .flatMap((workload) => workload.spec.template.spec.containers.flatMap((container) => container.env ?? []))
      .filter((entry) => credentials.test(entry.name) && entry.valueFrom?.secretKeyRef === undefined);
    const inConfigMaps = ofKind(objects, 'ConfigMap').flatMap((configMap) => Object.keys(configMap.data ?? {}).filter((name) => credentials.test(name)));
    expect([...inline.map((entry) => entry.name), ...inConfigMaps]).toEqual([]);
  });

  it('closes ingress to every pod, then opens the APIs to their clients and the admin API only to operators', () => {
    const { objects } = rendering(values);
    const policies = ofKind<NetworkPolicy>(objects, 'NetworkPolicy');
    expect(openRules(policies)).toEqual([]);
    const denyAll = policies.find((policy) => policy.spec.podSelector.matchExpressions === undefined && policy.spec.ingress === undefined);
    expect(denyAll?.spec.policyTypes).toEqual(['Ingress']);
    expect(denyAll?.spec.podSelector.matchLabels?.['app.kubernetes.io/component']).toBeUndefined();
    const apiPolicies = policies.filter((policy) => policy.metadata.name.endsWith('-apis'));
    expect(apiPolicies.map(selectedComponents)).toEqual([['command-api', 'query-api']]);
    const reachingProjector = policies.filter((policy) => selectedComponents(policy).includes('projector')).map((policy) => policy.metadata.name.replace(/^.*-/, ''));
    expect(reachingProjector.filter((name) => name !== 'admin' && name !== 'metrics')).toEqual([]);
  });

  it('routes the Ingress to the command and query APIs only', () => {
    const ingresses = ofKind<KubeObject>(rendering(values).objects, 'Ingress').filter((ingress) => !ingress.metadata.name.endsWith('-admin'));
    const backends = ingresses.flatMap((ingress) => JSON.stringify(ingress.spec).match(/"name":"[^"]*-(command-api|query-api|projector|event-relay|transfer-processor)"/g) ?? []);
    expect(backends.some((backend) => /projector|event-relay|transfer-processor/.test(backend))).toBe(false);
  });
});

describe('the production values', () => {
  it('render what a production release needs: KEDA for the projector, a ServiceMonitor with OAuth2, PgBouncer for the APIs', () => {
    const { objects } = rendering('values-production.yaml');
    expect(ofKind(objects, 'ScaledObject')).toHaveLength(1);
    expect(ofKind(objects, 'ServiceMonitor')).toHaveLength(1);
    expect(JSON.stringify(ofKind(objects, 'ServiceMonitor')[0]?.spec)).toContain('"oauth2"');
    const queryApi = ofKind<Workload>(objects, 'Deployment').find((deployment) => componentOf(deployment) === 'query-api');
    const env = queryApi?.spec.template.spec.containers[0]?.env ?? [];
    expect(env.find((entry) => entry.name === 'DATABASE_URL')?.valueFrom?.secretKeyRef?.key).toBe('pooled-database-url');
    expect(env.find((entry) => entry.name === 'DATABASE_DIRECT_URL')?.valueFrom?.secretKeyRef?.key).toBe('database-url');
    const relayConfig = ofKind(objects, 'ConfigMap').find((configMap) => componentOf(configMap) === 'event-relay');
    expect(relayConfig?.data).toMatchObject({ RELAY_TOPIC_REPLICATION_FACTOR: '3', RELAY_TOPIC_MIN_INSYNC_REPLICAS: '2', KAFKA_TLS: 'true', KAFKA_SASL_MECHANISM: 'scram-sha-512' });
  });
});

describe('values', () => {
  const digest = `sha256:${'0123456789abcdef'.repeat(4)}`;

  it.each([
    { what: 'a misspelled key', set: 'apps.projector.replica=3', error: /additional properties 'replica' not allowed/ },
    { what: 'a relay of one', set: 'apps.event-relay.replicas=1', error: /apps\/event-relay\/replicas': minimum: got 1, want 2/ },
    { what: 'a ServiceMonitor that could not read /metrics', set: 'serviceMonitor.enabled=true,serviceMonitor.oauth2.enabled=false', error: /needs an operator's token/ },
    { what: 'no Secret to read credentials from', set: 'secrets.existingSecret=', error: /existingSecret': minLength/ },
  ])('refuse $what', ({ set, error }) => {
    expect(() => template(tools, 'values-production.yaml', ['--set', set])).toThrow(error);
  });

  it('pull every app and the migration by digest when one is given, and the digest exception then goes away', () => {
    const yaml = template(tools, 'values-production.yaml', ['--set', `image.digest=${digest}`]);
    const decoded = decode(tools, yaml);
    expect(decoded.status).toBe(0);
    const images = [...ofKind<Workload>(decoded.objects, 'Deployment'), ...ofKind<Workload>(decoded.objects, 'Job')].flatMap((workload) => workload.spec.template.spec.containers.map((container) => container.image));
    expect(images).toEqual(images.map(() => `registry.example.com/ledger/ledger@${digest}`));
    expect(yaml).not.toContain('CKV_K8S_43');
  });

  it('render their other branches strictly too: the external-metric HPA, a private Kafka CA, a read replica, KurrentDB', () => {
    const options = [
      'apps.projector.autoscaling.kind=external',
      'config.kafka.tls.caSecret.name=kafka-ca',
      'database.readReplica=true',
      'config.eventStore.kind=kurrentdb',
    ];
    const yaml = template(tools, 'values-production.yaml', options.flatMap((option) => ['--set', option]));
    const decoded = decode(tools, yaml);
    expect(decoded.stderr).toMatch(/kubecheck: \d+ objects, 0 rejected/);
    const scalers = ofKind<ScaleTarget>(decoded.objects, 'HorizontalPodAutoscaler').map((scaler) => scaler.spec.scaleTargetRef.name);
    expect(scalers.sort()).toEqual(['ledger-command-api', 'ledger-projector', 'ledger-query-api']);
    expect(ofKind(decoded.objects, 'ScaledObject')).toEqual([]);
    expect(environmentProblems(decoded.objects)).toEqual([]);
    const env = JSON.stringify(decoded.objects.map(({ object }) => object));
    for (const name of ['KAFKA_TLS_CA_FILE', 'READ_DATABASE_URL', 'KURRENTDB_URL']) expect(env).toContain(name);
  });

  it("keep an app on its own tag during a staged upgrade, while the migration runs the new image", () => {
    const yaml = template(tools, 'values-production.yaml', ['--set', `image.digest=${digest}`, '--set', 'apps.command-api.image.tag=0.0.9']);
    const { objects } = decode(tools, yaml);
    const imageOf = (app: string): string | undefined =>
      [...ofKind<Workload>(objects, 'Deployment'), ...ofKind<Workload>(objects, 'Job')].find((workload) => componentOf(workload) === app)?.spec.template.spec.containers[0]?.image;
    expect(imageOf('command-api')).toBe('registry.example.com/ledger/ledger:0.0.9');
    expect(imageOf('query-api')).toBe(`registry.example.com/ledger/ledger@${digest}`);
    expect(imageOf('migrate')).toBe(`registry.example.com/ledger/ledger@${digest}`);
  });
});

describe('the environment check', () => {
  it('knows what each app reads, from the config schema it loads', () => {
    const queryApi = new Set(Object.values(schemaOf('query-api')).map((variable) => variable.name));
    expect([...queryApi]).toEqual(expect.arrayContaining(['QUERY_API_PORT', 'DATABASE_DIRECT_URL', 'MONGODB_URL']));
    expect(queryApi.has('KAFKA_BROKERS')).toBe(false);
    expect([...readOutsideSchemas()]).toEqual(expect.arrayContaining(['NODE_ENV', 'OTEL_EXPORTER_OTLP_ENDPOINT']));
  });

  it.each([
    { what: 'a variable set for an app that does not read it', set: 'apps.query-api.env.KAFKA_BROKERS=kafka:9092', problem: 'query-api: KAFKA_BROKERS is set, but the app does not read it' },
    { what: 'a value the app refuses at boot', set: 'apps.command-api.env.COMMAND_TIMEOUT_MS=5s', problem: 'command-api: COMMAND_TIMEOUT_MS: "5s" is not an integer between 1000 and 600000' },
  ])('finds $what', ({ set, problem }) => {
    const yaml = template(tools, 'values-production.yaml', ['--set', set]);
    expect(environmentProblems(decode(tools, yaml).objects)).toEqual([problem]);
  });
});

describe('kubecheck', () => {
  /** Each mistake is made once in the production rendering; kubecheck must name it and accept the rest. */
  const mistakes = [
    { what: 'a misspelled container field', from: 'readOnlyRootFilesystem: true', to: 'readOnlyRootFileSystem: true', error: /unknown field "spec\.template\.spec\.containers\[0\]\.securityContext\.readOnlyRootFileSystem"/ },
    { what: 'a misspelled ServiceMonitor field', from: 'jobLabel:', to: 'jobLable:', error: /unknown field "spec\.jobLable"/ },
    { what: 'a misspelled KEDA ScaledObject field', from: 'pollingInterval:', to: 'pollingIntervall:', error: /unknown field "spec\.pollingIntervall"/ },
    { what: 'a kind that does not exist', from: 'kind: PodDisruptionBudget', to: 'kind: PodDisruptionBudgets', error: /no kind "PodDisruptionBudgets" is registered/ },
    { what: 'an API version Kubernetes no longer serves', from: 'apiVersion: policy/v1', to: 'apiVersion: policy/v1beta1', error: /no kind "PodDisruptionBudget" is registered for version "policy\/v1beta1"/ },
    { what: 'a value of the wrong type', from: 'containerPort: 3000', to: 'containerPort: "3000"', error: /cannot unmarshal string into Go struct field .*containerPort of type int32/ },
    { what: 'a field given twice', from: '  revisionHistoryLimit: 5', to: '  revisionHistoryLimit: 5\n  revisionHistoryLimit: 6', error: /"revisionHistoryLimit" already set/ },
  ];

  it.each(mistakes)('rejects $what', ({ from, to, error }) => {
    const { yaml, objects } = rendering('values-production.yaml');
    const broken = yaml.replace(from, to);
    expect(broken).not.toBe(yaml);
    const result = decode(tools, broken);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(error);
    expect(result.stderr).toContain(`kubecheck: ${objects.length} objects, 1 rejected`);
  });

  it('rejects input without any object', () => {
    expect(decode(tools, '# nothing\n---\n').status).toBe(1);
  });
});

describe(`checkov ${CHECKOV_VERSION}`, () => {
  it('finds no failure in any rendering, and every check the chart skips says why', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-chart-'));
    const files = valuesFiles.map((values) => writeRendered(dir, values, rendering(values).yaml));
    const result = run(tools.checkov, ['--framework', 'kubernetes', '--output', 'json', '--compact', '--skip-download', ...files.flatMap((file) => ['-f', file])]);
    const outcome = readCheckovReport(result);
    expect(outcome.parsingErrors).toEqual([]);
    expect(outcome.resources).toBeGreaterThan(30);
    expect(outcome.passed).toBeGreaterThan(100);
    expect(outcome.failed.map(describeFinding)).toEqual([]);
    const unexplained = outcome.skipped.filter((finding) => (finding.check_result.suppress_comment ?? '').trim().length < 30);
    expect(unexplained.map(describeFinding)).toEqual([]);
  });

  it('fails a rendering whose container may write its root filesystem, so it is not a no-op', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-chart-'));
    const yaml = rendering('values-production.yaml').yaml;
    const broken = yaml.replace('readOnlyRootFilesystem: true', 'readOnlyRootFilesystem: false');
    expect(broken).not.toBe(yaml);
    const file = writeRendered(dir, 'values-production.yaml', broken);
    const outcome = readCheckovReport(run(tools.checkov, ['--framework', 'kubernetes', '--output', 'json', '--compact', '--skip-download', '-f', file]));
    expect(outcome.failed.map((finding) => finding.check_id)).toEqual(['CKV_K8S_22']);
  });
});
