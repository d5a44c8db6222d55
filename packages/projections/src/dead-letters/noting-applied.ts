import { type RecordedEvent } from '@ledger/event-store';
import { type ProjectionUnit } from '../port/projection-units';

/**
 * `unit` with a writer that notes, in `applied`, every event it applied: what an operator's retry
 * or skip changed in the read model (the event, the gap before it, the events released behind
 * it), whose side effects are owed once the unit commits. A failed `applyOne` left no trace, so
 * it notes nothing.
 */
export function notingApplied(unit: ProjectionUnit, applied: RecordedEvent[]): ProjectionUnit {
  const { writer } = unit;
  return {
    deadLetters: unit.deadLetters,
    progress: unit.progress,
    writer: {
      lastRevisions: (streamIds) => writer.lastRevisions(streamIds),
      apply: async (events) => {
        await writer.apply(events);
        applied.push(...events);
      },
      applyOne: async (event) => {
        await writer.applyOne(event);
        applied.push(event);
      },
      skip: (streamId, revision) => writer.skip(streamId, revision),
    },
  };
}
