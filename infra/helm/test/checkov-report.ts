import type { RunResult } from './chart-tools';

/** One check's verdict on one object, as checkov's JSON report gives it. */
export interface CheckovFinding {
  readonly check_id: string;
  readonly check_name?: string;
  readonly resource: string;
  readonly file_path: string;
  readonly check_result: { readonly result: string; readonly suppress_comment?: string };
}

interface CheckovReport {
  readonly check_type: string;
  // Lists checkov has nothing for may be left out (and --quiet leaves out all but the failures).
  readonly results: {
    readonly passed_checks?: readonly CheckovFinding[];
    readonly failed_checks?: readonly CheckovFinding[];
    readonly skipped_checks?: readonly CheckovFinding[];
    readonly parsing_errors?: readonly string[];
  };
  readonly summary: { readonly passed: number; readonly failed: number; readonly skipped: number; readonly resource_count: number };
}

export interface CheckovOutcome {
  readonly passed: number;
  readonly resources: number;
  readonly failed: readonly CheckovFinding[];
  readonly skipped: readonly CheckovFinding[];
  readonly parsingErrors: readonly string[];
}

/**
 * checkov prints one report per framework it ran, an object for one and an array for several;
 * an empty result (nothing it could scan) is a failure here, not a pass.
 */
export function readCheckovReport(result: RunResult): CheckovOutcome {
  const trimmed = result.stdout.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) throw new Error(`checkov printed no JSON report (exit ${String(result.status)}): ${result.stderr.slice(-2000)}${trimmed.slice(0, 500)}`);
  const parsed = JSON.parse(trimmed) as CheckovReport | readonly CheckovReport[];
  const reports = Array.isArray(parsed) ? (parsed as readonly CheckovReport[]) : [parsed as CheckovReport];
  return {
    passed: reports.reduce((sum, report) => sum + report.summary.passed, 0),
    resources: reports.reduce((sum, report) => sum + report.summary.resource_count, 0),
    failed: reports.flatMap((report) => report.results.failed_checks ?? []),
    skipped: reports.flatMap((report) => report.results.skipped_checks ?? []),
    parsingErrors: reports.flatMap((report) => report.results.parsing_errors ?? []),
  };
}

export function describeFinding(finding: CheckovFinding): string {
  return `${finding.check_id} ${finding.check_name ?? ''} on ${finding.resource} (${finding.file_path})`;
}
