import type { ComponentPaths } from './paths';

export type ComponentName = 'postgres' | 'kafka' | 'ferretdb' | 'oidc-provider' | 'redis';

/** How `up` found or left a component. */
export type ComponentState = 'started' | 'running' | 'external';

export interface ComponentStatus {
  readonly name: ComponentName;
  /** `died`: the stack started it and it is gone without `down` (crashed or killed). */
  readonly state: 'running' | 'stopped' | 'died' | 'external';
  readonly version: string;
  readonly port: number | undefined;
  readonly pid: number | undefined;
  readonly dataDir: string;
  readonly logFile: string;
}

/** One real server of the local stack, run as a local process. */
export interface Component {
  readonly name: ComponentName;
  readonly version: string;
  readonly paths: ComponentPaths;
  /** The variable that points the apps at this server, and its value for the local process. */
  readonly envVariable: 'DATABASE_URL' | 'KAFKA_BROKERS' | 'MONGODB_URL' | 'AUTH_ISSUER' | 'REDIS_URL';
  readonly localUrl: string;
  /** More variables the apps need to use the local process (credentials of a secured mode). */
  readonly connectionEnv?: Readonly<Record<string, string>>;
  readonly port: number;
  /** Downloads or builds what is missing from the cache; a no-op when the cache is warm. */
  install(progress: (line: string) => void): Promise<void>;
  /** Starts the server and resolves once it answers a real request. */
  start(): Promise<void>;
  /** Resolves once the server at `url` answers a real request (query, produce, ping). */
  waitReady(url: string, timeoutMs: number): Promise<void>;
  /** Signal and grace period that make this server shut down cleanly. */
  readonly stopSignal: NodeJS.Signals;
  /**
   * The server's program, for tests that run a private instance of it (to stop, freeze or start
   * it without disturbing the shared one); installed even when the environment points elsewhere.
   */
  readonly binary?: { readonly path: string; readonly envVariable: string };
}
