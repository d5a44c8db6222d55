import type { ComposeDocument } from './compose-model';

/** `| \`LEDGER_GATEWAY_PORT\` | \`8080\` | …`: a variable's default in a table of docs/configuration.md. */
export function documentedDefault(configurationMd: string, variable: string): number | undefined {
  const row = new RegExp(`^\\| \`${variable}\` \\| \`(\\d+)\` \\|`, 'm').exec(configurationMd);
  return row === null ? undefined : Number(row[1]);
}

/** The section of a markdown file under a `## ` heading, up to the next heading of that level. */
export function section(markdown: string, heading: string): string | undefined {
  const start = markdown.search(new RegExp(`^## ${heading.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`, 'm'));
  if (start < 0) return undefined;
  const rest = markdown.slice(start + 1);
  const end = rest.search(/^## /m);
  return end < 0 ? rest : rest.slice(0, end);
}

/**
 * The table of a docs section whose rows start with a service name in backticks: each service's
 * ports on the machine, read from the `localhost:<port>` addresses in its row.
 */
export function documentedComposePorts(sectionText: string): Map<string, number[]> {
  const ports = new Map<string, number[]>();
  for (const row of sectionText.matchAll(/^\| `([a-z0-9-]+)` \|(.*)$/gm)) {
    const addresses = [...(row[2] ?? '').matchAll(/localhost:(\d+)/g)].map((match) => Number(match[1]));
    ports.set(row[1] ?? '', [...(ports.get(row[1] ?? '') ?? []), ...addresses]);
  }
  return ports;
}

export interface PortExpectations {
  /** Each service's ports as the docs' compose table lists them. */
  readonly documented: ReadonlyMap<string, readonly number[]>;
  /** Services whose port is one API.md names: the variables of docs/configuration.md holding their defaults. */
  readonly canonical: Readonly<Record<string, readonly string[]>>;
  /** docs/configuration.md, where those defaults are. */
  readonly configurationMd: string;
}

const sorted = (ports: readonly number[]): string => [...ports].sort((a, b) => a - b).join(', ') || 'none';

/**
 * Where the compose file and the docs disagree on a port on the machine, and what it publishes
 * beyond this machine: every port is bound to 127.0.0.1 (Grafana's admin/admin, Keycloak's admin
 * and the apps' open /metrics are for the person at this machine) and has a fixed number.
 */
export function portProblems(document: ComposeDocument, expected: PortExpectations): string[] {
  const problems: string[] = [];
  const published = new Map<string, number[]>();
  for (const service of Object.values(document.services)) {
    for (const port of service.ports) {
      if (port.published === undefined) problems.push(`${service.name}: publishes container port ${port.target} on a port Docker picks`);
      else published.set(service.name, [...(published.get(service.name) ?? []), port.published]);
      if (port.hostIp !== '127.0.0.1') problems.push(`${service.name}: publishes port ${port.published ?? port.target} on every interface, not 127.0.0.1`);
    }
  }
  for (const name of new Set([...published.keys(), ...expected.documented.keys()])) {
    const inCompose = sorted(published.get(name) ?? []);
    const inDocs = sorted(expected.documented.get(name) ?? []);
    if (inCompose !== inDocs) problems.push(`${name}: compose.yaml publishes ${inCompose}, the docs say ${inDocs}`);
  }
  for (const [name, variables] of Object.entries(expected.canonical)) {
    const defaults = variables.map((variable) => documentedDefault(expected.configurationMd, variable) ?? Number.NaN);
    const inCompose = sorted(published.get(name) ?? []);
    if (inCompose !== sorted(defaults)) problems.push(`${name}: compose.yaml publishes ${inCompose}, docs/configuration.md's ${variables.join(', ')} say ${sorted(defaults)}`);
  }
  return problems;
}
