import { type TransferLeg } from '@ledger/domain';
import { Injectable } from '@nestjs/common';
import { Counter, Registry } from 'prom-client';
import { type AdvanceOutcome } from './transfer-legs';

/** `ledger_transfer_legs_total` and `ledger_transfers_advanced_total`, with bounded labels. */
@Injectable()
export class TransferMetrics {
  private readonly legs: Counter<'leg' | 'answer'>;
  private readonly advanced: Counter<'outcome'>;

  constructor(registry: Registry) {
    this.legs = new Counter({
      name: 'ledger_transfer_legs_total',
      help: 'Account commands the transfer processor sent, by leg (debit, credit, refund) and the account’s answer (accepted, refused); a replayed leg counts again',
      labelNames: ['leg', 'answer'] as const,
      registers: [registry],
    });
    this.advanced = new Counter({
      name: 'ledger_transfers_advanced_total',
      help: 'Transfers the processor took as far as they go, by where they ended: completed, failed, reversed, stuck (a refused refund, for an operator) or unknown',
      labelNames: ['outcome'] as const,
      registers: [registry],
    });
  }

  leg(leg: TransferLeg, answer: 'accepted' | 'refused'): void {
    this.legs.inc({ leg, answer });
  }

  advancedTo(outcome: AdvanceOutcome): void {
    this.advanced.inc({ outcome: outcome.kind === 'final' ? outcome.status : outcome.kind });
  }
}
