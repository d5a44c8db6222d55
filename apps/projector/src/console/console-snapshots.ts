import { type Projector } from '@ledger/projections/postgres';
import { APP_CONFIG, LOGGER, atMostEvery, type AppLogger } from '@ledger/platform';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { projectionView, type ProjectionResponse } from '../projections/projection.response';
import { PROJECTOR } from '../projections/projector.token';
import { sharedRead } from '../shared-read';
import type { ProjectorConfig } from '../projector.config';
import { ProjectionHistory, type LagSample } from './projection-history';
import { RelayClient, type RelayView } from './relay-client';

/**
 * One projection in a snapshot: exactly an item of GET /projections, plus its rate, recent lag
 * and how many rebuilds swapped its live read model (null while PostgreSQL cannot be asked): a
 * rebuild at the same version changes nothing else an operator could see.
 */
export type ConsoleProjection = ProjectionResponse & { readonly appliedPerSecond: number; readonly history: LagSample[]; readonly swaps: number | null };

/** What `GET /console/stream` sends as each `snapshot` event. */
export interface ConsoleSnapshot {
  readonly at: string;
  readonly projections: ConsoleProjection[];
  readonly relay: RelayView;
}

/**
 * Every open console asks once a second; within this long they share one set of reports (each
 * costs PostgreSQL counts and a Kafka offsets request), so twenty pages cost about what one does.
 */
const SHARED_REPORTS_MS = 250;
const SAMPLE_WARNING_EVERY_MS = 60_000;

/** Builds the console's snapshots and keeps the lag history they carry, sampled in the background. */
@Injectable()
export class ConsoleSnapshots implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly history: ProjectionHistory;
  private readonly relay: RelayClient;
  private readonly sampleWarningDue = atMostEvery(SAMPLE_WARNING_EVERY_MS);
  private sampler: NodeJS.Timeout | undefined;
  private readonly reports = sharedRead(SHARED_REPORTS_MS, async () => {
    const reports = await this.projector.reports();
    this.history.notice(reports);
    return reports;
  });
  /** How many rebuilds swapped each read model; null while PostgreSQL cannot be asked. */
  private readonly swaps = sharedRead(SHARED_REPORTS_MS, () => this.projector.rebuilds.swaps().catch(() => null));

  constructor(
    @Inject(PROJECTOR) private readonly projector: Projector,
    @Inject(APP_CONFIG) private readonly config: ProjectorConfig,
    @Inject(LOGGER) private readonly logger: AppLogger,
  ) {
    this.history = new ProjectionHistory(config.consoleHistorySampleMs);
    this.relay = new RelayClient(config.relayUrl);
  }

  onApplicationBootstrap(): void {
    void this.sample();
    this.sampler = setInterval(() => void this.sample(), this.config.consoleHistorySampleMs);
    // The history is a convenience: it must never keep a stopping process alive.
    this.sampler.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sampler);
  }

  /** `authorization`: the console operator's own header, forwarded to the relay. */
  async snapshot(authorization: string | undefined): Promise<ConsoleSnapshot> {
    const [reports, relay, swaps] = await Promise.all([this.reports(), this.relay.status(authorization), this.swaps()]);
    const projections = reports.map((report) => ({
      ...projectionView(report),
      appliedPerSecond: this.history.appliedPerSecond(report.name),
      history: this.history.of(report.name),
      swaps: swaps === null ? null : (swaps.get(report.name) ?? 0),
    }));
    return { at: new Date().toISOString(), projections, relay };
  }

  private async sample(): Promise<void> {
    try {
      this.history.record(await this.reports());
    } catch (error) {
      if (this.sampleWarningDue()) this.logger.warn({ err: error }, 'console history: no sample taken');
    }
  }
}
