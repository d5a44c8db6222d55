import { type ReadModelStore } from './read-model-store';
import { type UnitOfWork } from './unit-of-work';

/**
 * The copies of one projection's read model, as a rebuild uses them (ARCHITECTURE.md, "Replay"):
 * an empty shadow copy is created, written through `store`, promoted in place of the live one,
 * and the retired copy is dropped after a grace period. Copies are named by suffix; the empty
 * suffix is the read model's own name.
 */
export interface ReadModelCopies {
  /** Creates copy `copy`, empty and shaped like the live one (a leftover of the same name is dropped first). */
  create(copy: string): Promise<void>;
  /** The store that writes copy `copy` (its own rows and its own guard). */
  store(copy: string): ReadModelStore;
  /** Readies a filled copy for readers before it is swapped in (e.g. planner statistics). */
  ready(copy: string): Promise<void>;
  /**
   * Makes copy `copy` the live read model, inside `unit` (the projection's exclusive lock
   * is held, so no live batch runs): readers see either the old copy or the new one, never
   * neither. Returns the retired copy, which keeps serving readers that already chose it until
   * it is dropped.
   */
  promote(copy: string, unit: UnitOfWork): Promise<string>;
  /** Drops copy `copy` if it exists (a retired copy, or a failed rebuild's shadow). */
  drop(copy: string): Promise<void>;
}

/** The name of a table or collection of copy `copy`: `account_summary__r1a2b…`, or the name itself for the '' copy. */
export function copyNameOf(name: string, copy: string): string {
  return copy === '' ? name : `${name}__${copy}`;
}
