const schemes = ['esdb', 'esdb+discover'] as const;

/** `user:password@` becomes `user:***@`: config errors end up in terminals and log collectors. */
function withoutPassword(value: string): string {
  return value.replace(/^([^:]+:\/\/[^:@/]+:)[^@]*@/, '$1***@');
}

/** `host` or `host:port`, as the client reads them (it takes no bracketed IPv6 address). */
function isHost(host: string): boolean {
  const match = /^[^\s:[\]]+(?::(\d{1,5}))?$/.exec(host);
  return match !== null && (match[1] === undefined || (Number(match[1]) >= 1 && Number(match[1]) <= 65_535));
}

/**
 * EVENTSTORE_URL: an EventStoreDB connection string, `esdb://host:2113?tls=false` or
 * `esdb+discover://cluster.dns:2113`, with one host or several comma-separated ones (gossip
 * seeds), which a WHATWG URL cannot hold, hence this parser. Checks the scheme and the hosts,
 * so a wrong value fails at boot with its name; the client reads the options when it is built.
 */
export function parseEventStoreDbUrl(value: string): string {
  const match = /^([^:/?#]+):\/\/(?:[^@?#]*@)?([^/?#]*)\/?(?:\?.*)?$/.exec(value);
  const scheme = match?.[1];
  if (match === null || scheme === undefined || !(schemes as readonly string[]).includes(scheme)) {
    throw new Error(`"${withoutPassword(value)}" is not an EventStoreDB connection string: use esdb:// or esdb+discover://`);
  }
  const hosts = (match[2] ?? '').split(',');
  const bad = hosts.find((host) => !isHost(host.trim()));
  if (bad !== undefined) throw new Error(`"${withoutPassword(value)}" names ${bad.trim() === '' ? 'an empty host' : `"${bad.trim()}", which is not host[:port]`}`);
  return value;
}
