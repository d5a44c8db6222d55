// Part of the KurrentDB TEST STAND-IN (see serve.ts): how tests start it, in a worker thread of
// its own. A worker is its own JavaScript realm, like a server process, so the stand-in's generated
// protobuf classes (@kurrent/kurrentdb-client's) never meet @eventstore/db-client's when that is
// the client under test: in one realm, the two overwrite each other in the global `proto` namespace.
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { KurrentDbStandInOptions } from './serve';
import type { StandInReport } from './worker';

export interface KurrentDbStandIn {
  /** A connection string for the KurrentDB client, e.g. `kurrentdb://127.0.0.1:4321?tls=false`. */
  readonly url: string;
  /** Ends every open call (subscriptions see the connection drop) and frees the port; safe to destructure. */
  close(this: void): Promise<void>;
}

/** Starts an empty KurrentDB TEST STAND-IN; each call has its own worker and its own log. */
export async function startKurrentDbStandIn(options: KurrentDbStandInOptions = {}): Promise<KurrentDbStandIn> {
  const worker = new Worker(join(__dirname, 'worker.cjs'), { workerData: { ...options } });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const report = await new Promise<StandInReport | undefined>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    void exited.then(() => resolve(undefined));
  });
  if (report?.kind !== 'listening') {
    await worker.terminate();
    throw new Error(`the KurrentDB stand-in did not start: ${report?.kind === 'failed' ? report.message : 'its worker exited'}`);
  }
  let closed: Promise<void> | undefined;
  return {
    url: report.url,
    close: () => {
      closed ??= (async () => {
        worker.postMessage('close');
        await exited;
      })();
      return closed;
    },
  };
}
