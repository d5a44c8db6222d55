import { startKurrentDbStandIn, type KurrentDbStandIn } from './start-kurrentdb-stand-in';

/** Blank counts as unset, as in the apps' config. */
const setting = (raw: string | undefined): string | undefined => (raw === undefined || raw.trim() === '' ? undefined : raw.trim());

/**
 * The KurrentDB a test talks to: the real server KURRENTDB_URL names (or EVENTSTORE_URL, its
 * former name), e.g. a KurrentDB in Docker, or else a fresh stand-in. `close` stops the stand-in,
 * never a real server.
 */
export async function kurrentDbForTests(): Promise<KurrentDbStandIn> {
  const real = setting(process.env['KURRENTDB_URL']) ?? setting(process.env['EVENTSTORE_URL']);
  return real === undefined ? startKurrentDbStandIn() : { url: real, close: () => Promise.resolve() };
}
