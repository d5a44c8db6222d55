import { type RebuildProgressUpdate } from './rebuild-record';

interface Sample {
  readonly atMs: number;
  readonly processed: number;
}

/** The rate is measured over the last few seconds, so the ETA follows a rebuild that speeds up or slows down. */
const WINDOW_MS = 10_000;

/**
 * Events processed out of a total that keeps growing while commands come in, the recent rate and
 * the time left at that rate. Times are passed in (milliseconds), so it is pure.
 */
export class RebuildProgress {
  private readonly samples: Sample[];
  private total: number;

  constructor(
    private processed: number,
    remaining: number,
    startedAtMs: number,
  ) {
    this.total = processed + remaining;
    this.samples = [{ atMs: startedAtMs, processed }];
  }

  get processedEvents(): number {
    return this.processed;
  }

  advance(events: number, nowMs: number): void {
    this.processed += events;
    this.total = Math.max(this.total, this.processed);
    this.samples.push({ atMs: nowMs, processed: this.processed });
    // Keep one sample at or before the window's start, so the rate always spans the whole window.
    while (this.samples.length > 2 && (this.samples[1]?.atMs ?? nowMs) <= nowMs - WINDOW_MS) this.samples.shift();
  }

  /** What the store holds beyond the last processed event, counted anew. */
  remaining(events: number): void {
    this.total = this.processed + events;
  }

  /**
   * Where the rebuild stands, counting `pending` more events as processed: a batch's figures are
   * written in its own transaction, before it is known to have committed (and `advance`d).
   */
  update(position: bigint, nowMs: number, pending = 0): RebuildProgressUpdate {
    const processed = this.processed + pending;
    const total = Math.max(this.total, processed);
    const first = this.samples[0] ?? { atMs: nowMs, processed };
    const seconds = (nowMs - first.atMs) / 1_000;
    const eventsPerSecond = seconds > 0 ? (processed - first.processed) / seconds : 0;
    const left = total - processed;
    const etaSeconds = left === 0 ? 0 : eventsPerSecond > 0 ? left / eventsPerSecond : null;
    return { position, processed, total, eventsPerSecond: Math.round(eventsPerSecond), etaSeconds: etaSeconds === null ? null : Math.ceil(etaSeconds) };
  }
}
