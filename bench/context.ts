import type { BenchOptions } from './args';

/** What every layer of the benchmark shares in one run. */
export interface BenchContext {
  readonly databaseUrl: string;
  /** The full loop's brokers and document store, from the local stack. */
  readonly kafkaBrokers: string;
  readonly mongodbUrl: string;
  /** The local OpenID provider the apps verify tokens against (AUTH_ISSUER). */
  readonly issuer: string;
  /** `authorization` headers from that provider, an hour long: more than a full run takes. */
  readonly tokens: { readonly teller: Readonly<Record<string, string>>; readonly operator: Readonly<Record<string, string>> };
  /** The fresh schema of this run: every table the benchmark writes lives in it. */
  readonly schema: string;
  /** Concurrency of the many-client scenarios. */
  readonly clients: number;
  readonly options: BenchOptions;
}
