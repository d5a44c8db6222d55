import { type SchemaOutcome } from './migrate-schemas';

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

function schemaLines(outcome: SchemaOutcome, dryRun: boolean): string[] {
  const { title, schema, migrations, checksums } = outcome;
  const state = migrations.length === 0 ? 'up to date' : dryRun ? `${plural(migrations.length, 'migration')} pending` : `applied ${plural(migrations.length, 'migration')}`;
  const recorded = checksums.length === 0 ? [] : [`  ${dryRun ? 'would record' : 'recorded'} the checksums of ${plural(checksums.length, 'migration')} that ran before checksums were kept`];
  return [`${title} (schema ${schema}): ${state}`, ...migrations.map((name) => `  ${name}`), ...recorded];
}

/**
 * `ledger migrate`'s answer: per schema, `up to date` or the migrations applied (a dry run: pending)
 * in the order they ran.
 */
export function renderMigrationReport(outcomes: readonly SchemaOutcome[], dryRun: boolean): string {
  const lines = outcomes.flatMap((outcome) => schemaLines(outcome, dryRun));
  return (dryRun ? [...lines, 'Dry run: nothing was applied.'] : lines).join('\n');
}
