// Where the loop's time goes, from the apps' own /metrics over the measured phase: the relay's
// batches and their Kafka publish time, each projection's batches and their apply + commit time.
import type { LoopSystem } from './loop-system';
import { fixed } from './report';

/** Every series of `name` in a Prometheus text exposition, by its label text (`` when none). */
function series(text: string, name: string): Map<string, number> {
  const found = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line.startsWith(name) || (line[name.length] !== '{' && line[name.length] !== ' ')) continue;
    const labels = line[name.length] === '{' ? line.slice(name.length + 1, line.indexOf('}')) : '';
    found.set(labels, Number(line.slice(line.lastIndexOf(' ') + 1)));
  }
  return found;
}

const total = (values: Map<string, number>, labelPart = ''): number =>
  [...values].filter(([labels]) => labels.includes(labelPart)).reduce((sum, [, value]) => sum + value, 0);

export interface PipelineCounters {
  readonly relay: { readonly batches: number; readonly events: number; readonly publishSeconds: number };
  readonly projections: Readonly<Record<string, { readonly batches: number; readonly seconds: number; readonly applied: number }>>;
}

export async function pipelineCounters(system: LoopSystem): Promise<PipelineCounters> {
  const [relay, projector] = await Promise.all(
    (['event-relay', 'projector'] as const).map(async (name) => (await fetch(`${system.url(name)}/metrics`)).text()),
  );
  const relayText = relay ?? '';
  const projectorText = projector ?? '';
  const batchSeconds = series(projectorText, 'ledger_projection_batch_duration_seconds_sum');
  const batchCounts = series(projectorText, 'ledger_projection_batch_duration_seconds_count');
  const events = series(projectorText, 'ledger_projection_events_total');
  const projections: Record<string, { batches: number; seconds: number; applied: number }> = {};
  for (const labels of batchCounts.keys()) {
    const name = /projection="([^"]+)"/.exec(labels)?.[1];
    if (name === undefined) continue;
    projections[name] = {
      batches: batchCounts.get(labels) ?? 0,
      seconds: batchSeconds.get(labels) ?? 0,
      applied: total(events, `outcome="applied",projection="${name}"`) + total(events, `projection="${name}",outcome="applied"`),
    };
  }
  return {
    relay: {
      batches: total(series(relayText, 'ledger_relay_batch_size_count')),
      events: total(series(relayText, 'ledger_relay_batch_size_sum')),
      publishSeconds: total(series(relayText, 'ledger_relay_publish_duration_seconds_sum')),
    },
    projections,
  };
}


/** One line each for the relay and the projector: batches, events per batch, time per batch. */
export function describePipeline(before: PipelineCounters, after: PipelineCounters): string[] {
  const batches = after.relay.batches - before.relay.batches;
  const relay = `relay: ${batches} batches of ${fixed((after.relay.events - before.relay.events) / batches, 2)} events, Kafka publish (acks=all) ${fixed((1000 * (after.relay.publishSeconds - before.relay.publishSeconds)) / batches, 1)} ms each on average`;
  const projections = Object.entries(after.projections).map(([name, now]) => {
    const then = before.projections[name] ?? { batches: 0, seconds: 0, applied: 0 };
    const count = now.batches - then.batches;
    return `${name} ${count} batches of ${fixed((now.applied - then.applied) / count, 2)} events, ${fixed((1000 * (now.seconds - then.seconds)) / count, 1)} ms each`;
  });
  return [relay, `projector (apply + commit per partition batch): ${projections.join('; ')}`];
}
