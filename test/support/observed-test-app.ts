import type { HookCallRecord } from '../../src/protocol/hook-call-record.js';
import { createServiceMetrics } from '../../src/observability/service-metrics.js';
import { hsgServiceIds } from '../../src/services/hsg-services.js';
import { buildPrefetchPlan } from '../../src/services/prefetch-plan.js';
import { createTestApp, testKnowledge, type TestApp } from './create-test-app.js';

export interface ObservedTestApp extends TestApp {
  /** One record per call: what its log line carries (annotations included). */
  readonly calls: readonly HookCallRecord[];
  /** The value of a counter for exactly these labels (0 when never counted). */
  counter(name: string, labels: Record<string, string>): Promise<number>;
}

/** The test app with its call records and Prometheus metrics kept for assertions. */
export function createObservedTestApp(env: Record<string, string>): ObservedTestApp {
  const knowledge = testKnowledge();
  const metrics = createServiceMetrics({
    knowledge,
    plan: buildPrefetchPlan(knowledge),
    serviceIds: hsgServiceIds(),
    processMetrics: false,
  });
  const calls: HookCallRecord[] = [];
  const testApp = createTestApp({ env, knowledge, metrics, observers: [{ onCall: (r) => calls.push(r) }] });
  return {
    ...testApp,
    calls,
    async counter(name, labels) {
      const metric = metrics.registry.getSingleMetric(name);
      const values = metric ? (await metric.get()).values : [];
      const wanted = Object.entries(labels);
      const match = values.find((v) => wanted.every(([k, value]) => v.labels[k] === value));
      return match?.value ?? 0;
    },
  };
}
