export { type AppendObserver, type AppendOutcome } from './append-observer';
export { ObservedCommandIdempotency } from './observed-command-idempotency';
export { ObservedEventStore } from './observed-event-store';
