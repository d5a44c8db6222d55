import { type TransferLeg } from '@ledger/domain';
import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Registry } from 'prom-client';
import { type ProcessOutcome } from './transfer-process-manager';

/** `ledger_transfer_legs_total`, `ledger_transfers_advanced_total` and `ledger_transfers_retrying`, with bounded labels. */
@Injectable()
export class TransferMetrics {
  private readonly legs: Counter<'leg' | 'answer'>;
  private readonly advanced: Counter<'outcome'>;
  private readonly retryingNow: Gauge;

  constructor(registry: Registry) {
    this.legs = new Counter({
      name: 'ledger_transfer_legs_total',
      help: 'Account commands the transfer processor sent, by leg (debit, credit, refund) and the account’s answer (accepted, refused); a replayed leg counts again',
      labelNames: ['leg', 'answer'] as const,
      registers: [registry],
    });
    this.advanced = new Counter({
      name: 'ledger_transfers_advanced_total',
      help: 'Transfers the processor took as far as they go, by where they ended: completed, failed, reversed, stuck (a refused refund), poisoned (no retry can advance it), or unknown; stuck and poisoned ones wait for an operator',
      labelNames: ['outcome'] as const,
      registers: [registry],
    });
    this.retryingNow = new Gauge({
      name: 'ledger_transfers_retrying',
      help: 'Transfers waiting between attempts after a failure that may pass (the store away, conflicts); each holds its partition meanwhile',
      registers: [registry],
    });
  }

  leg(leg: TransferLeg, answer: 'accepted' | 'refused'): void {
    this.legs.inc({ leg, answer });
  }

  advancedTo(outcome: ProcessOutcome): void {
    this.advanced.inc({ outcome: outcome.kind === 'final' ? outcome.status : outcome.kind });
  }

  retrying(count: number): void {
    this.retryingNow.set(count);
  }
}
