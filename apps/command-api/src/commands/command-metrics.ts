import { Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry } from 'prom-client';

/** How a command ended, as counted on /metrics. */
export type CommandOutcome = 'accepted' | 'refused' | 'replayed' | 'conflict' | 'revision_mismatch' | 'busy' | 'timed_out' | 'failed';

/** `ledger_commands_total` and `ledger_command_duration_seconds`, by command type and outcome. */
@Injectable()
export class CommandMetrics {
  private readonly total: Counter<'command' | 'outcome'>;
  private readonly duration: Histogram<'command' | 'outcome'>;

  constructor(registry: Registry) {
    this.total = new Counter({
      name: 'ledger_commands_total',
      help: 'Commands handled, by command type and outcome',
      labelNames: ['command', 'outcome'] as const,
      registers: [registry],
    });
    this.duration = new Histogram({
      name: 'ledger_command_duration_seconds',
      help: 'Time from receiving a command to its outcome (queueing, retries and the append included)',
      labelNames: ['command', 'outcome'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    });
  }

  record(command: string, outcome: CommandOutcome, startedAt: bigint): void {
    const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
    this.total.inc({ command, outcome });
    this.duration.observe({ command, outcome }, seconds);
  }
}
