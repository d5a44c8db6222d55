import { EventDecodeError, parseTransferId, type TransferId } from '@ledger/domain';
import { type EventMetadata } from '@ledger/event-store';
import { EnvelopeDecodeError, type ConsumedBatch, type ConsumedRecord } from '@ledger/messaging';
import { createLogger } from '@ledger/platform';
import { randomUUID } from 'node:crypto';
import { type AdvanceOutcome } from './transfer-legs';
import { TransferPoisonError } from './transfer-poison.error';
import { TransferProcessManager, type ProcessOutcome } from './transfer-process-manager';

const idOf = (text: string): TransferId => {
  const parsed = parseTransferId(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
};

function recordOf(transferId: string, eventId: string, offset: number): ConsumedRecord {
  const event = { eventId, streamId: `transfer-${transferId}`, streamRevision: 0n, position: BigInt(offset), recordedAt: new Date(), type: 'ledger.transfer.requested', schemaVersion: 1, data: {}, metadata: { correlationId: `corr-${eventId}` } };
  return { topic: 'ledger.transfer', partition: 0, offset: String(offset), key: event.streamId, value: null, headers: {}, decoded: { ok: true, event } };
}

function batchOf(records: ConsumedRecord[], stale: () => boolean = () => false): ConsumedBatch {
  return { topic: 'ledger.transfer', partition: 0, records, heartbeat: () => Promise.resolve(), isStale: stale, signal: new AbortController().signal };
}

/** Legs that answer from a script per transfer: an outcome, or an error to throw, attempt by attempt. */
function scriptedLegs(script: Record<string, (AdvanceOutcome | Error)[]>) {
  const calls: { transferId: string; cause: EventMetadata }[] = [];
  return {
    calls,
    advance: (transferId: TransferId, cause: EventMetadata): Promise<AdvanceOutcome> => {
      calls.push({ transferId, cause });
      const next = script[transferId]?.shift() ?? { kind: 'final', status: 'completed' };
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
    },
  };
}

function managerWith(legs: ReturnType<typeof scriptedLegs>) {
  const outcomes: ProcessOutcome[] = [];
  const retrying: number[] = [];
  const manager = new TransferProcessManager({
    legs,
    concurrency: 4,
    logger: createLogger({ app: 'test', level: 'silent' }),
    onAdvanced: (outcome) => outcomes.push(outcome),
    onRetrying: (count) => retrying.push(count),
    retryDelayMs: { initial: 1, max: 2 },
  });
  return { manager, outcomes, retrying };
}

describe('the transfer process manager, batch by batch', () => {
  const [a, b] = [idOf(randomUUID()), idOf(randomUUID())];

  it('advances each transfer of a batch once, caused by its latest event, and commits the batch', async () => {
    const legs = scriptedLegs({});
    const { manager } = managerWith(legs);

    const outcome = await manager.onBatch(batchOf([recordOf(a, 'e1', 1), recordOf(b, 'e2', 2), recordOf(a, 'e3', 3)]));

    expect(outcome).toBe('processed');
    expect(legs.calls.map((call) => [call.transferId, call.cause.causationId, call.cause.correlationId])).toEqual([
      [b, 'e2', 'corr-e2'],
      [a, 'e3', 'corr-e3'],
    ]);
  });

  it('retries a failure that may pass until the transfer goes through, saying how many wait meanwhile', async () => {
    const legs = scriptedLegs({ [a]: [new Error('connection refused'), new Error('connection refused'), { kind: 'final', status: 'reversed' }] });
    const { manager, outcomes, retrying } = managerWith(legs);

    expect(await manager.onBatch(batchOf([recordOf(a, 'e1', 1)]))).toBe('processed');

    expect(legs.calls).toHaveLength(3);
    expect(outcomes).toEqual([{ kind: 'final', status: 'reversed' }]);
    expect(retrying).toEqual([1, 0, 1, 0]);
  });

  it.each([
    ['a step the transfer refuses', new TransferPoisonError('x', 'RecordDebit cannot follow a failed transfer')],
    ['a history that does not decode', new EventDecodeError('ledger.transfer.requested', 9, 'this code reads up to v1')],
  ])('reports %s once and goes on with the others, instead of holding the partition', async (_, error) => {
    const legs = scriptedLegs({ [a]: [error] });
    const { manager, outcomes } = managerWith(legs);

    expect(await manager.onBatch(batchOf([recordOf(a, 'e1', 1), recordOf(b, 'e2', 2)]))).toBe('processed');

    expect(legs.calls.map((call) => call.transferId).sort()).toEqual([a, b].sort());
    expect(outcomes).toContainEqual({ kind: 'poisoned', reason: error.message });
  });

  it('abandons the batch when the partition moves away, without retrying further', async () => {
    let stale = false;
    const legs = scriptedLegs({ [a]: [new Error('timeout'), new Error('timeout'), new Error('timeout')] });
    const { manager } = managerWith(legs);
    const batch = batchOf([recordOf(a, 'e1', 1)], () => {
      const now = stale;
      stale = legs.calls.length >= 2;
      return now;
    });

    expect(await manager.onBatch(batch)).toBe('abandoned');
    expect(legs.calls.length).toBeLessThanOrEqual(3);
  });

  it('wakes a transfer from the record key when the envelope does not decode', async () => {
    const legs = scriptedLegs({});
    const { manager } = managerWith(legs);
    const undecodable: ConsumedRecord = { ...recordOf(a, 'e1', 1), decoded: { ok: false, error: new EnvelopeDecodeError('not JSON') } };

    await manager.onBatch(batchOf([undecodable, { ...recordOf(b, 'e2', 2), key: null, decoded: { ok: false, error: new EnvelopeDecodeError('not JSON') } }]));

    expect(legs.calls.map((call) => call.transferId)).toEqual([a]);
  });
});
