// Part of the KurrentDB TEST STAND-IN (see serve.ts): what runs inside its worker thread
// (started by start-kurrentdb-stand-in.ts through worker.cjs). It serves, tells the parent its
// URL (or why it could not start), and closes when the parent says so.
import { parentPort, workerData } from 'node:worker_threads';
import { serveKurrentDbStandIn, type KurrentDbStandInOptions } from './serve';

/** Worker to parent. */
export type StandInReport = { readonly kind: 'listening'; readonly url: string } | { readonly kind: 'failed'; readonly message: string };

const parent = parentPort;
if (parent === null) throw new Error('the KurrentDB stand-in worker runs only as a worker thread');

serveKurrentDbStandIn(workerData as KurrentDbStandInOptions).then(
  (standIn) => {
    parent.once('message', () => {
      standIn.close();
      parent.close();
    });
    parent.postMessage({ kind: 'listening', url: standIn.url } satisfies StandInReport);
  },
  (error: unknown) => {
    parent.postMessage({ kind: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies StandInReport);
    parent.close();
  },
);
