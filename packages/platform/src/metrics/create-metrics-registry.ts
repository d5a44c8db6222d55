import { Registry, collectDefaultMetrics } from 'prom-client';

/**
 * A registry per app rather than prom-client's global one, so apps (and tests booting several
 * apps in one process) never share or double-register metrics. Every series carries the `app`
 * label. Inject it by its class (`constructor(registry: Registry)`) to add counters.
 */
export function createMetricsRegistry(app: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ app });
  collectDefaultMetrics({ register: registry });
  return registry;
}
