/** The bare baseline's workflow bundle, bundled apart from Waybill's (bench/lib/bench-worker.ts). */
export { bareOrderWorkflow, bareShipmentWorkflow } from './bare.workflows';
