import { type KurrentDbClientKind } from './kurrentdb-client-kind';

/**
 * The schemes @kurrent/kurrentdb-client accepts (its parseConnectionString); `esdb` is the
 * EventStoreDB name, the only one @eventstore/db-client knows. Each has a `+discover` form (a
 * cluster found through DNS or gossip seeds).
 */
const names = ['kurrentdb', 'kurrent', 'kdb', 'esdb'] as const;
export const kurrentDbSchemes: readonly string[] = names.flatMap((name) => [name, `${name}+discover`]);

const schemeOf = (value: string): string | undefined => /^([^:/?#]+):\/\//.exec(value)?.[1];

/** `user:password@` becomes `user:***@`: config errors end up in terminals and log collectors. */
export function withoutPassword(value: string): string {
  return value.replace(/^([^:]+:\/\/[^:@/]+:)[^@]*@/, '$1***@');
}

/** `host` or `host:port`, as the clients read them (they take no bracketed IPv6 address). */
function isHost(host: string): boolean {
  const match = /^[^\s:[\]]+(?::(\d{1,5}))?$/.exec(host);
  return match !== null && (match[1] === undefined || (Number(match[1]) >= 1 && Number(match[1]) <= 65_535));
}

/**
 * KURRENTDB_URL: a KurrentDB connection string, `kurrentdb://host:2113?tls=false` or
 * `kurrentdb+discover://cluster.dns:2113` (or any scheme of `kurrentDbSchemes`, `esdb://` among
 * them), with one host or several comma-separated ones (gossip seeds), which a WHATWG URL cannot
 * hold, hence this parser. Checks the scheme and the hosts, so a wrong value fails at boot with
 * its name; the client reads the options when it is built.
 */
export function parseKurrentDbUrl(value: string): string {
  const match = /^([^:/?#]+):\/\/(?:[^@?#]*@)?([^/?#]*)\/?(?:\?.*)?$/.exec(value);
  const scheme = match?.[1];
  if (match === null || scheme === undefined || !kurrentDbSchemes.includes(scheme)) {
    throw new Error(`"${withoutPassword(value)}" is not a KurrentDB connection string: use kurrentdb:// or kurrentdb+discover:// (esdb:// and esdb+discover:// work too)`);
  }
  const hosts = (match[2] ?? '').split(',');
  const bad = hosts.find((host) => !isHost(host.trim()));
  if (bad !== undefined) throw new Error(`"${withoutPassword(value)}" names ${bad.trim() === '' ? 'an empty host' : `"${bad.trim()}", which is not host[:port]`}`);
  return value;
}

/**
 * The connection string in the scheme the chosen client reads without complaint: `esdb` for
 * @eventstore/db-client (which knows no other), `kurrentdb` for @kurrent/kurrentdb-client (which
 * prints a deprecation line to the console for `esdb`). Options and hosts are left as they are.
 */
export function connectionStringFor(client: KurrentDbClientKind, value: string): string {
  const scheme = schemeOf(value);
  if (scheme === undefined) return value;
  const discover = scheme.endsWith('+discover') ? '+discover' : '';
  return `${client === 'eventstoredb' ? 'esdb' : 'kurrentdb'}${discover}${value.slice(scheme.length)}`;
}
