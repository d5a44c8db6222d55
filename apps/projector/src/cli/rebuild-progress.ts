/** What a progress line shows of a rebuild. */
export interface RebuildProgressView {
  readonly projection: string;
  readonly processed: number;
  readonly total: number;
  readonly eventsPerSecond: number;
  readonly etaSeconds: number | null;
}

/** `200000` → `200,000`, the same in every locale (tests and logs compare text). */
export function formatCount(value: number): string {
  return String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `8s`, `2m05s`, `1h02m`; `-` while unknown (no rate measured yet). */
export function formatEta(seconds: number | null): string {
  if (seconds === null) return '-';
  const whole = Math.max(0, Math.ceil(seconds));
  if (whole < 60) return `${whole}s`;
  const two = (value: number) => String(value).padStart(2, '0');
  if (whole < 3_600) return `${Math.floor(whole / 60)}m${two(whole % 60)}s`;
  return `${Math.floor(whole / 3_600)}h${two(Math.floor((whole % 3_600) / 60))}m`;
}

/** Rounded down, so 100% means done; an empty store (total 0) is done at once. */
export function percentOf(processed: number, total: number): number {
  if (total <= 0) return 100;
  return Math.min(100, Math.floor((processed / total) * 100));
}

/** `account-summary [##########----------]  50%  100,000/200,000 events  12,345 ev/s  ETA 8s`; `width` is the bar's. */
export function renderRebuildProgress(view: RebuildProgressView, width: number): string {
  const percent = percentOf(view.processed, view.total);
  const filled = Math.floor((percent / 100) * width);
  const bar = `${'#'.repeat(filled)}${'-'.repeat(width - filled)}`;
  const counts = `${formatCount(view.processed)}/${formatCount(view.total)} events`;
  return `${view.projection} [${bar}] ${`${percent}%`.padStart(4)}  ${counts}  ${formatCount(view.eventsPerSecond)} ev/s  ETA ${formatEta(view.etaSeconds)}`;
}

const BAR_WIDTH = 20;
const MIN_BAR_WIDTH = 5;

/** The line with the widest bar (up to 20) that fits `columns`, leaving the last column free so the cursor does not wrap. */
export function fittedRebuildProgress(view: RebuildProgressView, columns: number | undefined): string {
  const line = renderRebuildProgress(view, BAR_WIDTH);
  if (columns === undefined || line.length < columns) return line;
  return renderRebuildProgress(view, Math.max(MIN_BAR_WIDTH, BAR_WIDTH - (line.length - columns + 1)));
}
