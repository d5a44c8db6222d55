export { eventStoreKinds, type EventStoreKind } from './select/event-store-kind';
export { parseEventStoreDbUrl } from './select/eventstoredb-url';
export { openEventStore, type OpenedEventStore, type OpenEventStoreOptions, type SelectedEventStore } from './select/open-event-store';
