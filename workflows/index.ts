/** The workflow bundle's entry point: every workflow type the worker runs. */
export { orderWorkflow } from './order/order.workflow';
export { shipmentWorkflow } from './shipment/shipment.workflow';
