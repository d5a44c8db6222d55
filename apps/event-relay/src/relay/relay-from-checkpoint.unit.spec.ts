import { accountStreamId } from '@ledger/domain';
import { type EventSubscription, type RecordedEvent } from '@ledger/event-store';
import { eventually, type EventuallyOptions } from '@ledger/event-store/testing';
import { type EventPublisher } from '@ledger/messaging';
import { type CheckpointStore } from './checkpoint-store';
import { relayFromCheckpoint, type RelayPass } from './relay-from-checkpoint';

const event = (position: number): RecordedEvent => ({
  eventId: `event-${position}`,
  type: 'test.happened',
  schemaVersion: 1,
  streamId: accountStreamId(String(position % 3)),
  streamRevision: 0n,
  position: BigInt(position),
  recordedAt: new Date(0),
  data: {},
  metadata: {},
});

/** `$all` as a catch-up subscription serves it: the history after `fromPosition`, then waits until closed. */
function storeOf(history: RecordedEvent[]): RelayPass['store'] {
  return {
    subscribeToAll: ({ fromPosition = 0n }) => {
      let wake: () => void = () => undefined;
      const closed = new Promise<void>((resolve) => (wake = resolve));
      async function* events(): AsyncGenerator<RecordedEvent> {
        yield* history.filter((candidate) => candidate.position > fromPosition);
        await closed;
      }
      const subscription: EventSubscription = { close: () => Promise.resolve(wake()), [Symbol.asyncIterator]: events };
      return subscription;
    },
  };
}

class MemoryCheckpoints implements CheckpointStore {
  readonly saved: bigint[] = [];
  load = (): Promise<bigint | undefined> => Promise.resolve(this.saved.at(-1));
  save = (_name: string, position: bigint): Promise<void> => {
    this.saved.push(position);
    return Promise.resolve();
  };
}

/** A broker that acknowledges only when the test says so. */
class HeldPublisher implements EventPublisher {
  readonly sent: RecordedEvent[][] = [];
  private release: ((outcome?: Error) => void)[] = [];
  publish(events: readonly RecordedEvent[]): Promise<void> {
    this.sent.push([...events]);
    return new Promise((resolve, reject) => this.release.push((outcome) => (outcome ? reject(outcome) : resolve())));
  }
  acknowledge(outcome?: Error): void {
    this.release.shift()?.(outcome);
  }
}

/** The relay batches across event-loop turns and nothing here waits on I/O: poll every turn. */
const everyTurn: EventuallyOptions = { intervalMs: 0 };


describe('relayFromCheckpoint', () => {
  const history = [1, 2, 3, 5, 8].map(event);
  let checkpoints: MemoryCheckpoints;
  let publisher: HeldPublisher;
  let stop: AbortController;
  let lost: AbortController;
  const pass = (batchSize = 2): RelayPass => ({ name: 'test', store: storeOf(history), publisher, checkpoints, batchSize });
  beforeEach(() => {
    checkpoints = new MemoryCheckpoints();
    publisher = new HeldPublisher();
    stop = new AbortController();
    lost = new AbortController();
  });

  it('moves the checkpoint only after the broker acknowledged, batch by batch', async () => {
    const relaying = relayFromCheckpoint(pass(), { stop: stop.signal, lost: lost.signal });
    await eventually(() => publisher.sent.length === 1, everyTurn);
    expect(publisher.sent[0]?.map((sent) => sent.position)).toEqual([1n, 2n]);
    expect(checkpoints.saved).toEqual([]);

    publisher.acknowledge();
    await eventually(() => publisher.sent.length === 2, everyTurn);
    expect(checkpoints.saved).toEqual([2n]);

    publisher.acknowledge();
    await eventually(() => publisher.sent.length === 3, everyTurn);
    publisher.acknowledge();
    await eventually(() => checkpoints.saved.length === 3, everyTurn);
    expect(checkpoints.saved).toEqual([2n, 5n, 8n]);
    stop.abort();
    await relaying;
  });

  it('leaves the checkpoint where it was when publishing fails, and the next pass publishes from it', async () => {
    checkpoints.saved.push(2n);
    const failing = relayFromCheckpoint(pass(10), { stop: stop.signal, lost: lost.signal });
    await eventually(() => publisher.sent.length === 1, everyTurn);
    publisher.acknowledge(new Error('broker down'));

    await expect(failing).rejects.toThrow('broker down');
    expect(checkpoints.saved).toEqual([2n]);

    const retry = relayFromCheckpoint(pass(10), { stop: stop.signal, lost: lost.signal });
    await eventually(() => publisher.sent.length === 2, everyTurn);
    expect(publisher.sent[1]?.map((sent) => sent.position)).toEqual([3n, 5n, 8n]);
    publisher.acknowledge();
    await eventually(() => checkpoints.saved.length === 2, everyTurn);
    stop.abort();
    await retry;
    expect(checkpoints.saved).toEqual([2n, 8n]);
  });

  it('on stop, finishes the batch in hand and saves its checkpoint', async () => {
    const relaying = relayFromCheckpoint(pass(), { stop: stop.signal, lost: lost.signal });
    await eventually(() => publisher.sent.length === 1, everyTurn);
    stop.abort();
    publisher.acknowledge();
    await relaying;

    expect(checkpoints.saved).toEqual([2n]);
    expect(publisher.sent).toHaveLength(1);
  });

  it('once the leadership is lost, saves nothing more, even for a batch the broker then acknowledges', async () => {
    const relaying = relayFromCheckpoint(pass(), { stop: stop.signal, lost: lost.signal });
    await eventually(() => publisher.sent.length === 1, everyTurn);
    lost.abort();
    publisher.acknowledge();
    await relaying;

    expect(checkpoints.saved).toEqual([]);
    expect(publisher.sent).toHaveLength(1);
  });

  it('returns when stopped while waiting for new events', async () => {
    const relaying = relayFromCheckpoint(pass(10), { stop: stop.signal, lost: lost.signal });
    await eventually(() => publisher.sent.length === 1, everyTurn);
    publisher.acknowledge();
    await eventually(() => checkpoints.saved.length === 1, everyTurn);
    stop.abort();

    await expect(relaying).resolves.toBeUndefined();
    expect(checkpoints.saved).toEqual([8n]);
  });
});
