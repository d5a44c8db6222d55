import { type DeadLetterTable } from './dead-letter';
import { type ReadModelWriter } from './read-model-store';
import { type ReadProgress } from './read-progress';

/** What one unit of work offers: the read model's writer, the dead letters and the read progress, committed together. */
export interface ProjectionUnit {
  readonly writer: ReadModelWriter;
  readonly deadLetters: DeadLetterTable;
  readonly progress: ReadProgress;
}

/**
 * Units of work of one projection. `run` is what batches use: any number run at once (one per
 * partition). `runExclusive` is what operators' retries and skips use: it waits for running
 * batches and keeps new ones out, so a stream is never released while a batch is parking
 * behind it. Work that throws is rolled back; work that returns is committed.
 */
export interface ProjectionUnits {
  run<T>(work: (unit: ProjectionUnit) => Promise<T>): Promise<T>;
  runExclusive<T>(work: (unit: ProjectionUnit) => Promise<T>): Promise<T>;
}
