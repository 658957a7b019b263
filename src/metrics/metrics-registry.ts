import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * One registry per process, never prom-client's global one: the API and the worker each own what
 * they export, and tests that build several apps in one process do not see each other's counts.
 * Node's default metrics (CPU, memory, event loop lag, GC, handles) come with it.
 */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}
