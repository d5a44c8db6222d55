import type { ComponentStatus } from './component';

/** `npm run stack -- status` as an aligned table a person can read at a glance. */
export function formatStatusTable(rows: readonly ComponentStatus[]): string {
  const header = ['component', 'state', 'version', 'port', 'pid', 'data dir', 'log file'];
  const cells = rows.map((row) => [
    row.name,
    row.state,
    row.version,
    row.port === undefined ? '-' : String(row.port),
    row.pid === undefined ? '-' : String(row.pid),
    row.dataDir,
    row.logFile,
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((line) => (line[column] ?? '').length)));
  const format = (line: readonly string[]): string => line.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  return [format(header), ...cells.map(format)].join('\n');
}
