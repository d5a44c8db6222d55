import { type DeadLetterActionView, type DeadLetterQuery, type DeadLetterView, type ProjectionView, type ProjectorAdminClient } from './admin-client';
import { formatCount, formatEta, percentOf } from './rebuild-progress';
import { renderTable, shorten, type Column } from './table';

const dash = '-';
const numberOrDash = (value: number | null): string => (value === null ? dash : String(value));

const projectionColumns: Column<ProjectionView>[] = [
  { header: 'PROJECTION', value: (p) => p.name },
  { header: 'VERSION', value: (p) => String(p.version), align: 'right' },
  { header: 'STATE', value: (p) => p.state },
  { header: 'LAG (EVENTS)', value: (p) => numberOrDash(p.lag.events), align: 'right' },
  { header: 'LAG (S)', value: (p) => (p.lag.seconds === null ? dash : p.lag.seconds.toFixed(1)), align: 'right' },
  { header: 'APPLIED', value: (p) => String(p.applied), align: 'right' },
  { header: 'DEAD LETTERS', value: (p) => numberOrDash(p.deadLetters), align: 'right' },
  { header: 'WAITING', value: (p) => numberOrDash(p.waiting), align: 'right' },
];

const deadLetterColumns: Column<DeadLetterView>[] = [
  { header: 'ID', value: (d) => String(d.id), align: 'right' },
  { header: 'PROJECTION', value: (d) => d.projection },
  { header: 'STATUS', value: (d) => d.status },
  { header: 'STREAM', value: (d) => d.streamId ?? dash },
  { header: 'REV', value: (d) => numberOrDash(d.revision), align: 'right' },
  { header: 'TYPE', value: (d) => d.type ?? dash },
  { header: 'ATTEMPTS', value: (d) => String(d.attempts), align: 'right' },
  { header: 'ERROR', value: (d) => (d.status === 'waiting' ? `(waiting behind ${d.blockedBy ?? '?'})` : shorten(d.error ?? dash, 80)) },
];

/** `account-summary: rebuilding 45% (90,000/200,000), ETA 9s`, for a projection with a running rebuild. */
function rebuildLine(projection: ProjectionView): string[] {
  const rebuild = projection.rebuild ?? null;
  if (rebuild === null) return [];
  const percent = percentOf(rebuild.processed, rebuild.total);
  const swapping = rebuild.state === 'swapping' ? '; swapping the new copy in' : '';
  return [`${projection.name}: rebuilding ${percent}% (${formatCount(rebuild.processed)}/${formatCount(rebuild.total)}), ETA ${formatEta(rebuild.etaSeconds)}${swapping}`];
}

/** `projections status`: one line per projection, then the rebuilds running and why any failed. */
export async function projectionsStatus(client: ProjectorAdminClient): Promise<string> {
  const projections = await client.projections();
  if (projections.length === 0) return 'This projector runs no projections (see PROJECTIONS).';
  const rebuilds = projections.flatMap(rebuildLine);
  const failures = projections.filter((p) => p.lastError !== null).map((p) => `${p.name}: ${p.lastError ?? ''}`);
  return [renderTable(projectionColumns, projections), ...rebuilds, ...failures].join('\n');
}

/** `projections pause|resume <name>`. */
export async function setPaused(client: ProjectorAdminClient, name: string, paused: boolean): Promise<string> {
  const projection = paused ? await client.pause(name) : await client.resume(name);
  return `${projection.name} is ${projection.state}.`;
}

/** `dead-letters list`: open and waiting ones unless `--status` says otherwise. */
export async function deadLettersList(client: ProjectorAdminClient, query: DeadLetterQuery): Promise<string> {
  const letters = await client.deadLetters(query);
  if (letters.length === 0) return 'No dead letters.';
  return renderTable(deadLetterColumns, letters);
}

function describeAction(action: DeadLetterActionView): string {
  const { deadLetter: letter, released, stillWaiting, blockedBy } = action;
  const where = letter.streamId === null ? '' : ` (${letter.projection}, ${letter.streamId}@${numberOrDash(letter.revision)})`;
  const releasedText = `released ${released} waiting event${released === 1 ? '' : 's'}`;
  const held = blockedBy === null ? '' : `; ${stillWaiting} still wait behind dead letter ${blockedBy}, which failed when released`;
  return `Dead letter ${letter.id}${where} ${action.outcome}; ${releasedText}${held}.`;
}

export async function deadLetterRetry(client: ProjectorAdminClient, id: number): Promise<string> {
  return describeAction(await client.retry(id));
}

export async function deadLetterSkip(client: ProjectorAdminClient, id: number, reason?: string): Promise<string> {
  return describeAction(await client.skip(id, reason));
}
