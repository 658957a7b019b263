/**
 * The workflow interceptor modules every workflow bundle loads: OpenTelemetry's (a span per
 * workflow run, signal, update, query, activity and child scheduled, under the caller's span) and
 * Waybill's correlation IDs. One list for the worker that bundles at start-up, the prebuilt bundle
 * (scripts/build-workflow-bundle.ts) and the tests' bundle, so the replay tests replay what runs.
 * Always loaded, tracing on or off: the bundle is built before its configuration is known, and
 * workflow code must not differ between workers.
 */
export const WORKFLOW_INTERCEPTOR_MODULES: string[] = [
  require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors'),
  require.resolve('../../workflows/interceptors/correlation'),
];
