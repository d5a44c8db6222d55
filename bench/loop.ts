// The full loop (issue 5's closing note): command API → event store → relay → Kafka → projector
// → read models → query API, the four built apps running isolated on the local stack.
// `loop-lag`: end-to-end lag under a steady load; `loop-relay` and `loop-projector`: catch-up
// throughput of the relay and of the projector, each from a backlog appended while it was stopped;
// `loop-projector-scale`: a backlog caught up by one projector instance, then by two;
// `loop-failover`: how long a SIGKILLed one of two projector instances holds its partitions up;
// `loop-transfers`: transfers end to end through the transfer processor, against one SQL transaction.
// In this order: the lag is measured on a system that has only opened its accounts, and each
// catch-up scenario leaves every app running with nothing pending for the next.
import type { BenchContext } from './context';
import { loopFailoverScenario } from './loop-failover';
import { loopLagScenario } from './loop-lag';
import { loopProjectorScenario } from './loop-projector';
import { loopRelayScenario } from './loop-relay';
import { loopScaleScenario } from './loop-scale';
import { loopTransfersScenario } from './loop-transfers';
import { startLoopSession, type LoopSession } from './loop-session';
import { buildLoopApps, loopSystem, type LoopSystem } from './loop-system';
import type { Layer } from './measure';

export function loopLayer(context: BenchContext): Layer {
  let system: LoopSystem | undefined;
  let session: Promise<LoopSession> | undefined;
  const theSystem = (): LoopSystem => (system ??= loopSystem(context));
  const theSession = (): Promise<LoopSession> => (session ??= startLoopSession(context, theSystem()));
  return {
    scenarios: [loopLagScenario(context, theSystem, theSession), loopRelayScenario(context, theSession), loopProjectorScenario(context, theSession), loopScaleScenario(context, theSession), loopFailoverScenario(context, theSession), loopTransfersScenario(context, theSession)],
    prepare: () => {
      process.stderr.write('[bench] building the apps (nx run-many -t build, cached)…\n');
      buildLoopApps();
      return Promise.resolve();
    },
    close: async () => {
      const running = await session?.catch(() => undefined);
      if (running !== undefined) await running.close();
      else await system?.close();
    },
  };
}
