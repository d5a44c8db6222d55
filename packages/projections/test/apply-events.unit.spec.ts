import { type RecordedEvent } from '@ledger/event-store';
import { type ProjectionLogger, type ReadModelWriter } from '../src';
import { applyOneByOne, runSideEffects, unappliedOf } from '../src/runtime/apply-events';
import { recordedEvent } from './support/recorded-events';

const event = recordedEvent;
const ids = (events: readonly RecordedEvent[]) => events.map((e) => e.eventId);

/** A writer over a map of guards: `refuse` names events whose write fails. */
class GuardedWriter implements ReadModelWriter {
  readonly guards = new Map<string, bigint>();
  readonly applied: RecordedEvent[] = [];
  refuse: (event: RecordedEvent) => Error | undefined = () => undefined;

  lastRevisions(streamIds: readonly string[]): Promise<ReadonlyMap<string, bigint>> {
    return Promise.resolve(new Map(streamIds.flatMap((id) => (this.guards.has(id) ? [[id, this.guards.get(id) ?? -1n] as const] : []))));
  }

  async apply(events: readonly RecordedEvent[]): Promise<void> {
    for (const e of events) await this.applyOne(e);
  }

  applyOne(e: RecordedEvent): Promise<void> {
    const refused = this.refuse(e);
    if (refused !== undefined) return Promise.reject(refused);
    this.guards.set(e.streamId, e.streamRevision);
    this.applied.push(e);
    return Promise.resolve();
  }

  skip(streamId: string, revision: bigint): Promise<void> {
    this.guards.set(streamId, revision);
    return Promise.resolve();
  }
}

/** The apply path the live consumer, the rebuild and an operator's retry share. */
describe('the shared apply path', () => {
  let writer: GuardedWriter;

  beforeEach(() => {
    writer = new GuardedWriter();
  });

  describe('unappliedOf', () => {
    it('given guards at revision 1 of a and none of b, keeps what lies past them, in order', async () => {
      writer.guards.set('a', 1n);
      const events = [event('a', 0), event('b', 0), event('a', 1), event('a', 2), event('b', 1)];

      const unapplied = await unappliedOf(writer, events);

      expect(ids(unapplied)).toEqual(['b@0', 'a@2', 'b@1']);
    });

    it('asks nothing for no events', async () => {
      const asked = jest.spyOn(writer, 'lastRevisions');

      await expect(unappliedOf(writer, [])).resolves.toEqual([]);

      expect(asked).not.toHaveBeenCalled();
    });
  });

  describe('applyOneByOne', () => {
    it('given the second event is refused, applies the first, names the second and leaves the rest untried', async () => {
      const refusal = new Error('amount out of range');
      writer.refuse = (e) => (e.eventId === 'a@1' ? refusal : undefined);
      const heard: string[] = [];

      const failed = await applyOneByOne(writer, [event('a', 0), event('a', 1), event('a', 2)], () => false, (e) => void heard.push(e.eventId));

      expect(failed).toMatchObject({ index: 1, error: refusal, event: { eventId: 'a@1' } });
      expect(ids(writer.applied)).toEqual(['a@0']);
      expect(heard).toEqual(['a@0']);
    });

    it('rethrows a failure of the servers: it says nothing about the event', async () => {
      const away = new Error('connection reset');
      writer.refuse = () => away;

      await expect(applyOneByOne(writer, [event('a', 0)], (error) => error === away)).rejects.toBe(away);
    });

    it('answers undefined when every event applied', async () => {
      await expect(applyOneByOne(writer, [event('a', 0), event('b', 0)], () => false)).resolves.toBeUndefined();

      expect(ids(writer.applied)).toEqual(['a@0', 'b@0']);
    });
  });

  describe('runSideEffects', () => {
    const logged: string[] = [];
    const logger = { error: (_fields: object, message: string) => void logged.push(message) } as unknown as ProjectionLogger;

    beforeEach(() => {
      logged.length = 0;
    });

    it('runs them with the applied events', async () => {
      const seen: string[][] = [];

      await runSideEffects((applied) => Promise.resolve(void seen.push(ids(applied))), [event('a', 0)], logger, 'p');

      expect(seen).toEqual([['a@0']]);
    });

    it('logs a failure and does not throw: the events stay applied and the effect is not retried', async () => {
      await expect(runSideEffects(() => Promise.reject(new Error('webhook down')), [event('a', 0)], logger, 'p')).resolves.toBeUndefined();

      expect(logged).toEqual(['side effects failed; the events stay applied and their effects are not retried']);
    });

    it('does not run them for no events', async () => {
      const effect = jest.fn(() => Promise.resolve());

      await runSideEffects(effect, [], logger, 'p');

      expect(effect).not.toHaveBeenCalled();
    });
  });
});
