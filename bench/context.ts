import type { BenchOptions } from './args';

/** What every layer of the benchmark shares in one run. */
export interface BenchContext {
  readonly databaseUrl: string;
  /** The full loop's brokers and document store, from the local stack. */
  readonly kafkaBrokers: string;
  readonly mongodbUrl: string;
  /** The fresh schema of this run: every table the benchmark writes lives in it. */
  readonly schema: string;
  /** Concurrency of the many-client scenarios. */
  readonly clients: number;
  readonly options: BenchOptions;
}
