import { type AttemptOutcome, type PartitionLagReport, type ProjectionReport, type RebuildSummary } from '@ledger/projections';
import { type RebuildOutcome } from '@ledger/projections/postgres';
import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { sharedRead } from '../shared-read';

const states = ['starting', 'running', 'paused', 'rebuilding', 'failed'] as const;
/** One scrape asks Kafka and PostgreSQL once, however many gauges read the answer. */
const REPORT_TTL_MS = 1_000;

/**
 * `/metrics` per projection: events applied, duplicates dropped, gaps healed, events dead-lettered
 * and parked (counters of this process), batch duration, and, read at scrape time, the lag in
 * events and seconds (per projection and per partition), open and waiting dead letters and the state; while a rebuild runs, its
 * progress, and how rebuilds ended (counted by the instance that ran them).
 */
@Injectable()
export class ProjectionMetrics {
  private readonly events: Counter<'projection' | 'outcome'>;
  private readonly batchDuration: Histogram<'projection'>;
  private readonly rebuilds: Counter<'projection' | 'outcome'>;
  private reportsSource: () => Promise<ProjectionReport[]> = () => Promise.resolve([]);
  /** A status page must answer while a server is away: a failed read scrapes as no projections. */
  private readonly reports = sharedRead(REPORT_TTL_MS, () => this.reportsSource().catch((): ProjectionReport[] => []));

  constructor(private readonly registry: Registry) {
    this.events = new Counter({
      name: 'ledger_projection_events_total',
      help: 'Events handled by each projection in this process, by outcome (applied, duplicate, healed, parked, dead_lettered)',
      labelNames: ['projection', 'outcome'] as const,
      registers: [registry],
    });
    this.batchDuration = new Histogram({
      name: 'ledger_projection_batch_duration_seconds',
      help: 'Time to apply and commit one batch of one partition, retries included',
      labelNames: ['projection'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
      registers: [registry],
    });
    this.reportGauge('ledger_projection_lag_events', 'Events on Kafka past the progress the projection stored', (report) => report.lag.events);
    this.reportGauge('ledger_projection_lag_seconds', 'Age of the newest applied event while the projection is behind; 0 when caught up', (report) => report.lag.seconds);
    this.partitionGauge('ledger_projection_partition_lag_events', 'Events on one partition past the progress the projection stored', (partition) => partition.events);
    this.partitionGauge(
      'ledger_projection_partition_lag_seconds',
      "Age of the newest event this process applied from the partition while it is behind; 0 when caught up; absent for a partition another instance applies",
      (partition) => partition.seconds,
    );
    this.reportGauge('ledger_projection_dead_letters_open', 'Open dead letters, each holding its stream', (report) => report.deadLetters);
    this.reportGauge('ledger_projection_dead_letters_waiting', 'Events parked behind open dead letters', (report) => report.waiting);
    this.rebuilds = new Counter({
      name: 'ledger_projection_rebuilds_total',
      help: 'Rebuilds this process ran that ended, by outcome (completed, failed, stopped: interrupted by shutdown, resumed on the next start)',
      labelNames: ['projection', 'outcome'] as const,
      registers: [registry],
    });
    this.stateGauge();
    this.rebuildGauge('ledger_projection_rebuild_processed_events', 'Events the running rebuild has applied to its shadow copy', (rebuild) => rebuild.processed);
    this.rebuildGauge('ledger_projection_rebuild_total_events', 'Events the running rebuild will apply; grows while commands come in', (rebuild) => rebuild.total);
    this.rebuildGauge('ledger_projection_rebuild_events_per_second', 'Recent rate of the running rebuild', (rebuild) => rebuild.eventsPerSecond);
    this.rebuildGauge('ledger_projection_rebuild_eta_seconds', 'Time the running rebuild needs at its recent rate; absent while unknown', (rebuild) => rebuild.etaSeconds);
  }

  /** Where the gauges read from: the projector's reports. */
  observe(reports: () => Promise<ProjectionReport[]>): void {
    this.reportsSource = reports;
  }

  batchCommitted(projection: string, outcome: AttemptOutcome, durationMs: number): void {
    const counts = { applied: outcome.applied.length, duplicate: outcome.duplicates, healed: outcome.healed, parked: outcome.parked, dead_lettered: outcome.deadLettered.length };
    for (const [name, count] of Object.entries(counts)) if (count > 0 || name === 'applied') this.events.inc({ projection, outcome: name }, count);
    this.batchDuration.observe({ projection }, durationMs / 1_000);
  }

  rebuildEnded(projection: string, outcome: RebuildOutcome['state']): void {
    this.rebuilds.inc({ projection, outcome });
  }

  /** Only projections with a running rebuild have a series: a finished rebuild leaves no stale progress behind. */
  private rebuildGauge(name: string, help: string, read: (rebuild: RebuildSummary) => number | null): void {
    this.reportGauge(name, help, (report) => (report.rebuild === null ? null : read(report.rebuild)));
  }

  private reportGauge(name: string, help: string, read: (report: ProjectionReport) => number | null): void {
    this.seriesGauge(name, help, ['projection'], (report) => [[{ projection: report.name }, read(report)]]);
  }

  /** Bounded by the topics' partitions (6 each by default), so per-partition series stay few. */
  private partitionGauge(name: string, help: string, read: (partition: PartitionLagReport) => number | null): void {
    this.seriesGauge(name, help, ['projection', 'topic', 'partition'], (report) =>
      (report.partitions ?? []).map((partition) => [{ projection: report.name, topic: partition.topic, partition: String(partition.partition) }, read(partition)]),
    );
  }

  private stateGauge(): void {
    this.seriesGauge('ledger_projection_state', 'The state of each projection: 1 for the current one', ['projection', 'state'], (report) =>
      states.map((state) => [{ projection: report.name, state }, report.state === state ? 1 : 0]),
    );
  }

  /**
   * A gauge read at scrape time from the reports: each report gives its series, and a series
   * valued null is left out. Series of the last scrape that are gone now (a finished rebuild) go.
   */
  private seriesGauge<L extends string>(name: string, help: string, labelNames: readonly L[], series: (report: ProjectionReport) => [Record<L, string>, number | null][]): void {
    const gauge: Gauge<L> = new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      collect: async () => {
        gauge.reset();
        for (const report of await this.reports()) {
          for (const [labels, value] of series(report)) if (value !== null) gauge.set(labels, value);
        }
      },
    });
  }
}
