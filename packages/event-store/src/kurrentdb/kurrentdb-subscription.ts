import { type RecordedEvent } from '../port/event-store';
import { type EventSubscription, type SubscribeToAllOptions } from '../port/event-subscription';
import { toRecordedEvent } from './envelope-mapping';
import { type StreamsClient } from './streams-client';

/**
 * `subscribeToAll` over KurrentDB's own catch-up subscription, which already keeps the port's
 * promise: history then live, in commit order, each event once, after `fromPosition`. The filter
 * leaves KurrentDB's system events on the server.
 */
export function subscribeToAllWith(client: StreamsClient, { fromPosition }: SubscribeToAllOptions): EventSubscription {
  const subscription = client.subscribeToAllButSystemEvents(fromPosition === undefined ? 'start' : { commit: fromPosition, prepare: fromPosition });
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await subscription.unsubscribe();
  };
  async function* events(): AsyncGenerator<RecordedEvent> {
    try {
      for await (const resolved of subscription) {
        if (closed) return;
        const event = toRecordedEvent(resolved);
        // A position on an event's boundary is exclusive already; one between events (the port allows any) is too.
        if (event !== undefined && (fromPosition === undefined || event.position > fromPosition)) yield event;
      }
    } catch (error) {
      if (!closed) throw error;
    } finally {
      await close();
    }
  }
  const iterator = events();
  return {
    close,
    [Symbol.asyncIterator]: () => iterator,
  };
}
