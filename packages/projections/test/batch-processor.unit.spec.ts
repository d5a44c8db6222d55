import { EventDecodeError } from '@ledger/domain';
import { type RecordedEvent } from '@ledger/event-store';
import { encodeEventRecord, toConsumedRecord, type ConsumedBatch, type KafkaRecord } from '@ledger/messaging';
import { ProjectionBatchProcessor, ProjectionStatus, silentLogger, TransientFailure, type StreamReader } from '../src';
import { MemoryUnits } from './support/memory-units';
import { recordedEvent } from './support/recorded-events';

const event = recordedEvent;
const history = (streamId: string, count: number) => Array.from({ length: count }, (_, revision) => event(streamId, revision));

/** The batch algorithm against in-memory units: what it applies, drops, heals, parks and dead-letters. */
describe('ProjectionBatchProcessor', () => {
  let units: MemoryUnits;
  let stored: RecordedEvent[];
  let published: KafkaRecord[];
  let status: ProjectionStatus;
  let processor: ProjectionBatchProcessor;
  let stale = false;
  let heartbeat: () => Promise<void> = () => Promise.resolve();

  beforeEach(() => {
    units = new MemoryUnits();
    stored = [];
    published = [];
    status = new ProjectionStatus();
    stale = false;
    heartbeat = () => Promise.resolve();
    const streams: StreamReader = {
      readStream: (streamId, { fromRevision = 0n, maxCount = 1_000 }) =>
        Promise.resolve(stored.filter((e) => e.streamId === streamId && e.streamRevision >= fromRevision).slice(0, maxCount)),
    };
    processor = new ProjectionBatchProcessor({
      projection: 'test',
      units,
      streams,
      deadLetterTopic: 'dead',
      publisher: { send: (records) => Promise.resolve(void published.push(...records)) },
      status,
      logger: silentLogger,
      isTransient: (error) => error instanceof TransientFailure,
      retry: { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 2 },
      transientRetry: { maxAttempts: Number.POSITIVE_INFINITY, initialDelayMs: 5, maxDelayMs: 5 },
    });
  });

  let offset = 0;
  const batch = (...events: RecordedEvent[]): ConsumedBatch => ({
    topic: 't',
    partition: 0,
    records: events.map((e) => {
      const { key, value, headers } = encodeEventRecord(e, 't');
      return toConsumedRecord('t', 0, { key: Buffer.from(key), value, headers, offset: String(offset++) });
    }),
    heartbeat: () => heartbeat(),
    isStale: () => stale,
    signal: new AbortController().signal,
  });
  const appliedIds = () => units.state.applied.map((e) => e.eventId);

  it('applies a clean batch in one write', async () => {
    const events = [...history('s-a', 3), ...history('s-b', 2)];

    await expect(processor.process(batch(...events))).resolves.toBe('processed');

    expect(appliedIds()).toEqual(events.map((e) => e.eventId));
    expect(units.applyCalls).toBe(1);
    expect(status.snapshot()).toMatchObject({ applied: 5, duplicates: 0, state: 'running' });
  });

  it('drops duplicates, within a batch and across batches', async () => {
    const [first, second] = history('s-a', 2) as [RecordedEvent, RecordedEvent];
    await processor.process(batch(first, second, first));
    await processor.process(batch(second));

    expect(appliedIds()).toEqual([first.eventId, second.eventId]);
    expect(status.snapshot()).toMatchObject({ applied: 2, duplicates: 2 });
  });

  it('fills a gap from the event store before the event that revealed it', async () => {
    stored = history('s-a', 4);

    await processor.process(batch(stored[0] as RecordedEvent, stored[3] as RecordedEvent));

    expect(appliedIds()).toEqual(stored.map((e) => e.eventId));
    expect(status.snapshot().healed).toBe(2);
  });

  it('dead-letters an event after its tries, parks its stream\'s later events, applies every other stream', async () => {
    const a = history('s-a', 3);
    const b = history('s-b', 2);
    units.fail = (e) => (e.eventId === 's-a@1' ? new Error('bug') : undefined);

    await processor.process(batch(a[0] as RecordedEvent, b[0] as RecordedEvent, a[1] as RecordedEvent, a[2] as RecordedEvent, b[1] as RecordedEvent));

    expect(appliedIds()).toEqual(['s-a@0', 's-b@0', 's-b@1']);
    expect(units.state.letters.map(({ eventId, status: state, attempts, blockedBy }) => ({ eventId, state, attempts, blockedBy }))).toEqual([
      { eventId: 's-a@1', state: 'open', attempts: 3, blockedBy: null },
      { eventId: 's-a@2', state: 'waiting', attempts: 0, blockedBy: 1 },
    ]);
    expect(published.map((record) => record.headers['ledger-dead-letter-id'])).toEqual(['1']);

    await processor.process(batch(event('s-a', 3), event('s-b', 2)));
    expect(units.state.letters.map((letter) => letter.eventId)).toEqual(['s-a@1', 's-a@2', 's-a@3']);
    expect(appliedIds()).toContain('s-b@2');
  });

  it('dead-letters an event that cannot decode at its first failure', async () => {
    units.fail = (e) => (e.eventId === 's-a@0' ? new EventDecodeError(e.type, 1, 'bad amount') : undefined);

    await processor.process(batch(...history('s-a', 1)));

    expect(units.state.letters).toMatchObject([{ eventId: 's-a@0', status: 'open', attempts: 1 }]);
  });

  it('dead-letters an event whose gap the event store cannot fill', async () => {
    await processor.process(batch(event('s-a', 0), event('s-a', 5)));

    expect(units.state.letters).toMatchObject([{ eventId: 's-a@5', status: 'open', attempts: 3 }]);
    expect(units.state.letters[0]?.error).toMatch(/MissingRevisionsError: revisions 1..4 of s-a/);
  });

  it('retries infrastructure failures without counting them against the event, and says it is failing', async () => {
    let failures = 0;
    units.fail = () => (++failures <= 3 ? new TransientFailure('database away') : undefined);
    const statesSeen: string[] = [];
    const watch = setInterval(() => statesSeen.push(status.snapshot().state), 1);

    await processor.process(batch(...history('s-a', 2)));
    clearInterval(watch);

    expect(appliedIds()).toEqual(['s-a@0', 's-a@1']);
    expect(units.state.letters).toEqual([]);
    expect(statesSeen).toContain('failed');
    expect(status.snapshot().state).toBe('running');
  });

  it('abandons a batch whose partition went elsewhere, writing nothing', async () => {
    units.fail = () => new TransientFailure('database away');
    const outcome = processor.process(batch(...history('s-a', 1)));
    stale = true;

    await expect(outcome).resolves.toBe('abandoned');
    expect(appliedIds()).toEqual([]);
  });

  it('gives the partition back when the group rebalances during a wait (the heartbeat fails)', async () => {
    units.fail = () => new TransientFailure('database away');
    heartbeat = () => Promise.reject(new Error('The group is rebalancing, so a rejoin is needed'));

    await expect(processor.process(batch(...history('s-a', 1)))).resolves.toBe('abandoned');
    expect(appliedIds()).toEqual([]);
  });
});
