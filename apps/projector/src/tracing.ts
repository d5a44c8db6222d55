// Imported first by main.ts: tracing must start before http, pg and mongodb are required.
import { startTracing } from '@ledger/platform/tracing';

startTracing('projector');
