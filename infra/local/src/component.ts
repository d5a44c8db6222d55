import type { ComponentPaths } from './paths';

export type ComponentName = 'postgres' | 'postgres-replica' | 'pgbouncer' | 'kafka' | 'ferretdb' | 'oidc-provider' | 'redis' | 'jaeger' | 'prometheus';

/** Components `up` starts only when asked (`--with observability`, `--with cluster`); the others always start. */
export type Profile = 'observability' | 'cluster';

/** The variable that points the apps (or a person) at a component's server, for those always up. */
export type CoreVariable = 'DATABASE_URL' | 'KAFKA_BROKERS' | 'MONGODB_URL' | 'AUTH_ISSUER' | 'REDIS_URL';
export type ComponentVariable = CoreVariable | 'READ_DATABASE_URL' | 'POOLED_DATABASE_URL' | 'JAEGER_URL' | 'PROMETHEUS_URL';

/** A program of a component, handed to tests in `envVariable` (`LEDGER_FERRETDB_BINARY`). */
export interface ComponentProgram {
  readonly path: string;
  readonly envVariable: string;
}

/** How `up` found or left a component. */
export type ComponentState = 'started' | 'running' | 'external';

export interface ComponentStatus {
  readonly name: ComponentName;
  /** `died`: the stack started it and it is gone without `down` (crashed or killed). */
  readonly state: 'running' | 'stopped' | 'died' | 'external';
  /** Set for a component that `up` starts only with this profile: stopped is then no fault. */
  readonly profile?: Profile;
  readonly version: string;
  readonly port: number | undefined;
  readonly pid: number | undefined;
  readonly dataDir: string;
  readonly logFile: string;
}

/** One real server of the local stack, run as a local process. */
export interface Component {
  readonly name: ComponentName;
  /** Set when the component starts only with its profile. */
  readonly profile?: Profile;
  readonly version: string;
  readonly paths: ComponentPaths;
  /** The variable that points the apps at this server, and its value for the local process. */
  readonly envVariable: ComponentVariable;
  readonly localUrl: string;
  /** More variables the apps need to use the local process (credentials of a secured mode). */
  readonly connectionEnv?: Readonly<Record<string, string>>;
  readonly port: number;
  /** Ports it listens on besides `port`, checked free before it starts. */
  readonly otherPorts?: readonly { readonly port: number; readonly overrideVariable: string }[];
  /** Downloads or builds what is missing from the cache; a no-op when the cache is warm. */
  install(progress: (line: string) => void): Promise<void>;
  /** Starts the server and resolves once it answers a real request. */
  start(): Promise<void>;
  /** Resolves once the server at `url` answers a real request (query, produce, ping). */
  waitReady(url: string, timeoutMs: number): Promise<void>;
  /** Signal and grace period that make this server shut down cleanly. */
  readonly stopSignal: NodeJS.Signals;
  /**
   * The server's programs, for tests that run a private instance of it (to stop, freeze or start
   * it without disturbing the shared one) or check its config; installed by every `up`, even
   * when the environment points elsewhere or the component's profile is not asked for.
   */
  readonly programs?: readonly ComponentProgram[];
}
