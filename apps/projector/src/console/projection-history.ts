import { type ProjectionReport } from '@ledger/projections';

/** One point of a projection's lag chart. */
export interface LagSample {
  readonly at: string;
  readonly lagEvents: number | null;
  readonly lagSeconds: number | null;
}

interface Sample extends LagSample {
  readonly atMs: number;
  readonly applied: number;
}

/** How far back the console's chart reaches. */
export const HISTORY_WINDOW_MS = 10 * 60_000;

/**
 * The recent past of every projection, sampled at a fixed pace and kept in memory (a ring per
 * projection), so a page opened now shows the last minutes at once. The apply rate comes from the
 * same samples: the change of `applied` between the two newest, a steadier figure than between
 * two snapshots a second apart. A sample's lag is the highest seen since the one before (the
 * console's snapshots are noticed in between), so a burst shorter than the interval still shows.
 */
export class ProjectionHistory {
  private readonly samples = new Map<string, Sample[]>();
  private readonly peaks = new Map<string, { readonly lagEvents: number | null; readonly lagSeconds: number | null }>();
  private readonly capacity: number;

  constructor(sampleIntervalMs: number) {
    this.capacity = Math.ceil(HISTORY_WINDOW_MS / sampleIntervalMs);
  }

  /** Reports seen between samples (a snapshot's): their lag counts toward the next sample. */
  notice(reports: readonly ProjectionReport[]): void {
    for (const report of reports) {
      const peak = this.peaks.get(report.name);
      this.peaks.set(report.name, { lagEvents: higher(peak?.lagEvents, report.lag.events), lagSeconds: higher(peak?.lagSeconds, report.lag.seconds) });
    }
  }

  record(reports: readonly ProjectionReport[], now: Date = new Date()): void {
    // The sample's own reports count too; what was noticed then starts over.
    this.notice(reports);
    for (const report of reports) {
      const ring = this.samples.get(report.name) ?? [];
      const { lagEvents, lagSeconds } = this.peaks.get(report.name) ?? { lagEvents: report.lag.events, lagSeconds: report.lag.seconds };
      this.peaks.delete(report.name);
      ring.push({ at: now.toISOString(), atMs: now.getTime(), applied: report.applied, lagEvents, lagSeconds });
      if (ring.length > this.capacity) ring.splice(0, ring.length - this.capacity);
      this.samples.set(report.name, ring);
    }
  }

  /** Oldest first. */
  of(projection: string): LagSample[] {
    return (this.samples.get(projection) ?? []).map(({ at, lagEvents, lagSeconds }) => ({ at, lagEvents, lagSeconds }));
  }

  /** Events applied per second between the two newest samples; 0 until there are two (or after a restart of the count). */
  appliedPerSecond(projection: string): number {
    const ring = this.samples.get(projection) ?? [];
    const [before, last] = [ring.at(-2), ring.at(-1)];
    if (before === undefined || last === undefined || last.atMs <= before.atMs) return 0;
    const rate = ((last.applied - before.applied) * 1_000) / (last.atMs - before.atMs);
    return rate > 0 ? Math.round(rate * 10) / 10 : 0;
  }
}

/** The larger of two figures; unknown (null) only when both are. */
function higher(a: number | null | undefined, b: number | null): number | null {
  if (a === undefined || a === null) return b;
  return b === null ? a : Math.max(a, b);
}
