import { createHash } from 'node:crypto';

/** One stream's revision as a projection's guard now holds it. */
export interface AppliedRevision {
  readonly streamId: string;
  readonly revision: bigint;
}

/** What one notification says: these guards of `projection` moved to these revisions. */
export interface AppliedRevisions {
  readonly projection: string;
  readonly revisions: readonly AppliedRevision[];
}

/**
 * The NOTIFY channel on which the projections of a read-model schema announce the revisions
 * they committed (hashed: channel names are identifiers of at most 63 bytes, schema names may
 * be that long already).
 */
export function appliedRevisionsChannelOf(schema: string): string {
  return `read_model_revisions_${createHash('md5').update(schema).digest('hex')}`;
}

/** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more; stay clear of it. */
const MAX_PAYLOAD_BYTES = 7_900;

/**
 * The payloads announcing `revisions`: the projection on the first line, then one
 * `<revision> <streamId>` line per stream, split over as many payloads as the size limit needs.
 * A stream id holding a line break cannot be written this way and is left out: its waiters
 * are found by the query side's periodic re-check instead.
 */
export function appliedRevisionPayloads(projection: string, revisions: readonly AppliedRevision[]): string[] {
  const payloads: string[] = [];
  let lines: string[] = [];
  let bytes = Buffer.byteLength(projection);
  for (const { streamId, revision } of revisions) {
    if (/[\r\n]/.test(streamId)) continue;
    const line = `${revision} ${streamId}`;
    const lineBytes = Buffer.byteLength(line) + 1;
    if (lines.length > 0 && bytes + lineBytes > MAX_PAYLOAD_BYTES) {
      payloads.push([projection, ...lines].join('\n'));
      [lines, bytes] = [[], Buffer.byteLength(projection)];
    }
    lines.push(line);
    bytes += lineBytes;
  }
  if (lines.length > 0) payloads.push([projection, ...lines].join('\n'));
  return payloads;
}

/** A payload read back; undefined for one this format did not write. */
export function parseAppliedRevisions(payload: string): AppliedRevisions | undefined {
  const [projection, ...lines] = payload.split('\n');
  if (projection === undefined || projection === '') return undefined;
  const revisions: AppliedRevision[] = [];
  for (const line of lines) {
    const space = line.indexOf(' ');
    const revision = line.slice(0, space);
    if (space < 1 || !/^[0-9]+$/.test(revision)) return undefined;
    revisions.push({ revision: BigInt(revision), streamId: line.slice(space + 1) });
  }
  return { projection, revisions };
}
