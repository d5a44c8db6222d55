import { assertNever, type TransferEvent } from '@ledger/domain';
import { type RecordedEvent } from '@ledger/event-store';
import { occurredAtOf } from '../runtime/occurred-at';
import { transferEventOf } from './transfer-event-of';

/**
 * A transfer's status as clients see it (API.md): `pending` until the accounts have answered for
 * good, whichever step it waits at (the debit, the credit, or the refund of a refused credit).
 */
export type TransferStatus = 'pending' | 'completed' | 'failed' | 'reversed';

/** What a transfer was asked to do, as its row keeps it. */
export interface TransferTermsRow {
  readonly fromAccountId: string;
  readonly fromOwnerId: string;
  readonly toAccountId: string;
  readonly toOwnerId: string;
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly reference: string | null;
  readonly createdAt: Date;
}

/**
 * What one transfer's events in a batch do to its row, folded into one write: fields left
 * undefined are not touched.
 */
export interface TransferChange {
  readonly streamId: string;
  readonly transferId: string;
  /** Present when the batch holds the request: the row is created. */
  readonly requested?: TransferTermsRow;
  readonly status?: TransferStatus;
  /** The refusing account's code: set by a failed debit and by a refused credit (kept through the refund). */
  readonly failureCode?: string;
  /** The revision of its last event in the batch. */
  readonly revision: bigint;
  readonly updatedAt: Date;
}

type Effect = Pick<TransferChange, 'requested' | 'status' | 'failureCode'>;

function effectOf(event: TransferEvent, at: Date): Effect {
  switch (event.type) {
    case 'TransferRequested': {
      const { fromAccountId, fromOwnerId, toAccountId, toOwnerId, amount, reference } = event;
      const requested = { fromAccountId, fromOwnerId, toAccountId, toOwnerId, amountMinor: amount.amountMinor, currency: amount.currency, reference: reference ?? null, createdAt: at };
      return { requested, status: 'pending' };
    }
    case 'TransferDebited':
      return { status: 'pending' };
    case 'TransferCreditRefused':
      return { status: 'pending', failureCode: event.failureCode };
    case 'TransferFailed':
      return { status: 'failed', failureCode: event.failureCode };
    case 'TransferCompleted':
      return { status: 'completed' };
    case 'TransferReversed':
      return { status: 'reversed' };
    default:
      return assertNever(event);
  }
}

/** One change per transfer, folding its events in order; throws on the first event that does not decode. */
export function transferChangesOf(events: readonly RecordedEvent[]): TransferChange[] {
  const changes = new Map<string, TransferChange>();
  for (const recorded of events) {
    const event = transferEventOf(recorded);
    const at = occurredAtOf(recorded);
    const previous = changes.get(event.transferId);
    changes.set(event.transferId, {
      ...(previous ?? { streamId: recorded.streamId, transferId: event.transferId }),
      ...effectOf(event, at),
      revision: recorded.streamRevision,
      updatedAt: at,
    });
  }
  return [...changes.values()];
}
