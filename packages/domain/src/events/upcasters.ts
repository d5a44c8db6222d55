import { EventDecodeError } from './encoded-event';

/** Rewrites stored data of one schema version into the shape of the next version. */
export type Upcaster = (data: unknown) => unknown;

/** One step of an event's schema history: data at `fromVersion` becomes `fromVersion + 1`. */
export interface UpcasterStep {
  readonly type: string;
  readonly fromVersion: number;
  readonly upcast: Upcaster;
}

/** Upcasters by wire name and the version they read. */
export type UpcasterTable = ReadonlyMap<string, Upcaster>;

const keyOf = (type: string, fromVersion: number): string => `${type}@${fromVersion}`;

/** Builds the table; two steps from the same version of one type would be ambiguous, so throw. */
export function upcasterTable(steps: readonly UpcasterStep[]): UpcasterTable {
  const table = new Map<string, Upcaster>();
  for (const step of steps) {
    const key = keyOf(step.type, step.fromVersion);
    if (table.has(key)) throw new Error(`two upcasters for ${step.type} v${step.fromVersion}`);
    table.set(key, step.upcast);
  }
  return table;
}

/**
 * Brings stored data up to `currentVersion` one step at a time (v1 → v2 → v3), so each
 * upcaster only knows its neighbour. Throws `EventDecodeError` for data newer than this code
 * (it cannot be read safely) or for a missing step.
 */
export function upcastToCurrent(
  stored: { readonly type: string; readonly schemaVersion: number; readonly data: unknown },
  currentVersion: number,
  upcasters: UpcasterTable,
): unknown {
  const { type, schemaVersion } = stored;
  if (!Number.isInteger(schemaVersion) || schemaVersion > currentVersion) {
    throw new EventDecodeError(type, schemaVersion, `this code reads up to v${currentVersion}`);
  }
  let data = stored.data;
  for (let version = schemaVersion; version < currentVersion; version += 1) {
    const upcast = upcasters.get(keyOf(type, version));
    if (!upcast) throw new EventDecodeError(type, schemaVersion, `no upcaster from v${version} to v${version + 1}`);
    data = upcast(data);
  }
  return data;
}
