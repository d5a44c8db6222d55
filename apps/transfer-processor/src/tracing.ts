// Imported first by main.ts: tracing must start before http, pg, mongodb and kafkajs are required.
import { startTracing } from '@ledger/platform/tracing';

startTracing('transfer-processor');
