/**
 * The parts of a compose file the checks read, normalised from either of Compose's syntaxes
 * (short strings or long mappings, environment as a list or a map). The schema has been checked
 * before this runs; what does not fit here is reported, never guessed.
 */

export interface ComposePort {
  /** The address on the machine (`127.0.0.1`), or undefined for every interface. */
  readonly hostIp: string | undefined;
  /** The port on the machine, or undefined when Docker picks one. */
  readonly published: number | undefined;
  /** The port in the container. */
  readonly target: number;
}

export interface ComposeMount {
  readonly type: 'bind' | 'volume' | 'other';
  /** A path for a bind (relative to the compose file), a volume's name, or undefined (anonymous). */
  readonly source: string | undefined;
  readonly target: string;
}

export interface ComposeService {
  readonly name: string;
  readonly image: string | undefined;
  readonly build: { readonly context: string; readonly dockerfile: string | undefined } | undefined;
  readonly command: readonly string[] | undefined;
  /** `null` in Compose means "take it from the shell that runs compose". */
  readonly environment: Readonly<Record<string, string | null>>;
  readonly ports: readonly ComposePort[];
  readonly mounts: readonly ComposeMount[];
  readonly profiles: readonly string[];
  /** Service name → its condition (`service_started` for the short syntax). */
  readonly dependsOn: Readonly<Record<string, { readonly condition: string; readonly required: boolean }>>;
  readonly healthcheckTest: readonly string[] | undefined;
}

export interface ComposeDocument {
  readonly services: Readonly<Record<string, ComposeService>>;
  readonly volumes: readonly string[];
}

type Data = Readonly<Record<string, unknown>>;

const isData = (value: unknown): value is Data => typeof value === 'object' && value !== null && !Array.isArray(value);
const stringsOf = (value: unknown): readonly string[] | undefined =>
  Array.isArray(value) && value.every((item): item is string => typeof item === 'string') ? value : undefined;

function fail(where: string, what: string): never {
  throw new Error(`compose file: ${where}: ${what}`);
}

function scalarText(value: unknown, where: string): string | null {
  if (value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return fail(where, 'is not a scalar');
}

function environmentOf(value: unknown, where: string): Record<string, string | null> {
  if (value === undefined) return {};
  if (isData(value)) return Object.fromEntries(Object.entries(value).map(([name, raw]) => [name, scalarText(raw, `${where}.${name}`)]));
  const list = stringsOf(value) ?? fail(where, 'is neither a map nor a list of strings');
  return Object.fromEntries(list.map((entry) => (entry.includes('=') ? [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)] : [entry, null])));
}

function portNumber(text: string, where: string): number {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
  return port >= 1 && port <= 65_535 ? port : fail(where, `"${text}" is not a single port (ranges are not used here)`);
}

/** `8080`, `8080:80`, `127.0.0.1:8080:80`, each with an optional `/tcp`; or the long mapping. */
export function parsePort(value: unknown, where: string): ComposePort {
  if (isData(value)) {
    const text = (field: string): string => {
      const raw = value[field];
      return typeof raw === 'number' || typeof raw === 'string' ? String(raw) : fail(where, `${field} is not a port`);
    };
    return {
      hostIp: typeof value['host_ip'] === 'string' ? value['host_ip'] : undefined,
      published: value['published'] === undefined ? undefined : portNumber(text('published'), where),
      target: portNumber(text('target'), where),
    };
  }
  const text = (typeof value === 'number' ? String(value) : typeof value === 'string' ? value : fail(where, 'is not a port')).replace(/\/(tcp|udp)$/, '');
  const parts = text.split(':');
  const target = portNumber(parts.pop() ?? '', where);
  const published = parts.length > 0 ? portNumber(parts.pop() ?? '', where) : undefined;
  return { hostIp: parts.length > 0 ? parts.join(':') : undefined, published, target };
}

/** `./a:/b:ro`, `name:/b`, `/b` (anonymous), or the long mapping. */
export function parseMount(value: unknown, where: string): ComposeMount {
  if (isData(value)) {
    const type = value['type'] === 'bind' || value['type'] === 'volume' ? value['type'] : 'other';
    const source = typeof value['source'] === 'string' ? value['source'] : undefined;
    return { type, source, target: typeof value['target'] === 'string' ? value['target'] : fail(where, 'has no target') };
  }
  if (typeof value !== 'string') return fail(where, 'is not a mount');
  const [first = '', second, ...rest] = value.split(':');
  if (second === undefined) return { type: 'volume', source: undefined, target: first };
  if (rest.length > 1) return fail(where, `"${value}" has more parts than source:target:mode`);
  const isPath = /^[./~]/.test(first);
  return { type: isPath ? 'bind' : 'volume', source: first, target: second };
}

function dependsOnOf(value: unknown, where: string): Record<string, { condition: string; required: boolean }> {
  if (value === undefined) return {};
  const list = stringsOf(value);
  if (list !== undefined) return Object.fromEntries(list.map((name) => [name, { condition: 'service_started', required: true }]));
  if (!isData(value)) return fail(where, 'is neither a list nor a map');
  return Object.fromEntries(
    Object.entries(value).map(([name, spec]) => {
      const data = isData(spec) ? spec : fail(`${where}.${name}`, 'is not a map');
      return [name, { condition: typeof data['condition'] === 'string' ? data['condition'] : 'service_started', required: data['required'] !== false }];
    }),
  );
}

function buildOf(value: unknown, where: string): ComposeService['build'] {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return { context: value, dockerfile: undefined };
  if (!isData(value)) return fail(where, 'is neither a path nor a map');
  return { context: typeof value['context'] === 'string' ? value['context'] : '.', dockerfile: typeof value['dockerfile'] === 'string' ? value['dockerfile'] : undefined };
}

function serviceOf(name: string, value: unknown): ComposeService {
  const where = `services.${name}`;
  const data = isData(value) ? value : fail(where, 'is not a map');
  const command = data['command'];
  const healthcheck = isData(data['healthcheck']) ? data['healthcheck'] : {};
  return {
    name,
    image: typeof data['image'] === 'string' ? data['image'] : undefined,
    build: buildOf(data['build'], `${where}.build`),
    command: typeof command === 'string' ? command.split(/\s+/) : stringsOf(command),
    environment: environmentOf(data['environment'], `${where}.environment`),
    ports: (Array.isArray(data['ports']) ? data['ports'] : []).map((port, index) => parsePort(port, `${where}.ports[${index}]`)),
    mounts: (Array.isArray(data['volumes']) ? data['volumes'] : []).map((mount, index) => parseMount(mount, `${where}.volumes[${index}]`)),
    profiles: stringsOf(data['profiles']) ?? [],
    dependsOn: dependsOnOf(data['depends_on'], `${where}.depends_on`),
    healthcheckTest: stringsOf(healthcheck['test']),
  };
}

/** The document a YAML parser produced, as the checks read it. */
export function composeDocumentOf(value: unknown): ComposeDocument {
  const data = isData(value) ? value : fail('(root)', 'is not a map');
  const services = isData(data['services']) ? data['services'] : fail('services', 'is missing');
  return {
    services: Object.fromEntries(Object.entries(services).map(([name, service]) => [name, serviceOf(name, service)])),
    volumes: isData(data['volumes']) ? Object.keys(data['volumes']) : [],
  };
}
