import { type OpenedEventStore } from '@ledger/event-store/select';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { OPENED_EVENT_STORE } from './event-store.tokens';

/**
 * Closes what the selected store opened itself (KurrentDB's client; PostgreSQL borrows the
 * app's pool, which its own module ends). Nest runs this after the HTTP server has stopped, so
 * no command is cut off.
 */
@Injectable()
export class EventStoreClosing implements OnApplicationShutdown {
  constructor(@Inject(OPENED_EVENT_STORE) private readonly opened: OpenedEventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.opened.close();
  }
}
