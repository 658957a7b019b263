import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { cleanupOpenApiDoc } from 'nestjs-zod';
import { CustomerTokenGuard } from '../../../src/auth/customer-token.guard';
import { CustomerTokenService } from '../../../src/auth/customer-tokens';
import { CustomerActionsController } from '../../../src/customer/customer-actions.controller';
import { CustomerActionsService } from '../../../src/customer/customer-actions.service';
import { toCustomerOrderView } from '../../../src/customer/customer-order-view';
import { CustomerOrderViewSchema } from '../../../src/customer/customer-order-view.schema';
import { TrackingAssets } from '../../../src/tracking/assets/tracking-assets';
import { TrackingAssetsController } from '../../../src/tracking/tracking-assets.controller';
import { TrackingEventsController } from '../../../src/tracking/tracking-events.controller';
import { TrackingPageController } from '../../../src/tracking/tracking-page.controller';
import { TrackingStreams } from '../../../src/tracking/tracking-streams';
import { TrackingViews } from '../../../src/tracking/tracking-views';
import { TRACKING_OPTIONS } from '../../../src/tracking/tracking.options';
import type { OrderView } from '../../../workflows/order/order.types';
import { useApiTestApp } from '../../support/api-test-app';

/*
 * The mobile API in the OpenAPI document: the customer's view, actions and live updates under /v1,
 * each with its response schema; the HTML page and its assets are not part of the API.
 */

describe('OpenAPI for the customer’s tracking API', () => {
  let document: OpenAPIObject;
  const api = useApiTestApp({
    controllers: [CustomerActionsController, TrackingEventsController, TrackingPageController, TrackingAssetsController],
    providers: [
      { provide: CustomerTokenService, useValue: {} },
      { provide: CustomerTokenGuard, useValue: {} },
      { provide: CustomerActionsService, useValue: {} },
      { provide: TrackingStreams, useValue: {} },
      { provide: TrackingViews, useValue: {} },
      { provide: TrackingAssets, useValue: {} },
      { provide: TRACKING_OPTIONS, useValue: { publicBaseUrl: 'http://127.0.0.1:3000', brand: { name: 'Waybill' } } },
    ],
  });

  beforeAll(() => {
    document = cleanupOpenApiDoc(SwaggerModule.createDocument(api.app, new DocumentBuilder().addBearerAuth().build()));
  });

  const operation = (path: string, method: 'get' | 'post') => {
    const op = document.paths[path]?.[method];
    if (!op) throw new Error(`${method.toUpperCase()} ${path} is not documented`);
    return op;
  };
  const schemaRef = (path: string, method: 'get' | 'post') =>
    (operation(path, method).responses['200'] as { content?: Record<string, { schema?: { $ref?: string } }> }).content?.['application/json']?.schema?.$ref;

  it.each([
    ['/v1/track/{token}', 'get'],
    ['/v1/track/{token}/confirm-receipt', 'post'],
    ['/v1/track/{token}/report-problem', 'post'],
  ] as const)('documents %s %s with the CustomerOrderView schema', (path, method) => {
    expect(schemaRef(path, method)).toBe('#/components/schemas/CustomerOrderViewDto');
    expect(operation(path, method).security).toBeUndefined();
  });

  it('documents the event stream: text/event-stream, Last-Event-ID, and its refusals', () => {
    const op = operation('/v1/track/{token}/events', 'get');
    expect(op.tags).toEqual(['customer']);
    expect(op.summary).toMatch(/^Customer:.*Server-Sent Events/);
    expect(Object.keys((op.responses['200'] as { content: object }).content)).toEqual(['text/event-stream']);
    expect(op.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'token', in: 'path' }),
        expect.objectContaining({ name: 'Last-Event-ID', in: 'header', required: false }),
        expect.objectContaining({ name: 'lastEventId', in: 'query', required: false }),
      ]),
    );
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '404', '429']));
  });

  it('leaves the HTML page and its assets out', () => {
    expect(Object.keys(document.paths).filter((path) => path.startsWith('/t/'))).toEqual([]);
  });

  it('describes exactly what toCustomerOrderView produces', () => {
    const order: OrderView = {
      orderId: 'A-1001',
      status: 'delivered',
      delayed: true,
      createdAt: '2026-11-26T10:00:00Z',
      escrow: { state: 'disputed', amount: 100, currency: 'USD' },
      shipments: [
        {
          shipmentId: 'shp_1',
          carrier: 'ups',
          trackingNumber: '1Z5R89390357567127',
          trackingUrl: 'https://www.ups.com/track?tracknum=1Z5R89390357567127',
          status: 'delivered',
          ladderStatus: 'delivered',
          revision: 2,
          addedAt: '2026-11-26T11:00:00Z',
          estimatedDelivery: { from: '2026-11-28T14:00:00-05:00', to: '2026-11-28T18:00:00-05:00' },
        },
      ],
      history: [],
      revision: 4,
      dispute: { openedAt: '2026-11-29T10:00:00Z', reason: 'not_received', resolvedAt: '2026-11-30T10:00:00Z', resolution: 'refunded' },
    };
    expect(CustomerOrderViewSchema.safeParse(toCustomerOrderView(order)).success).toBe(true);
    const schema = document.components?.schemas?.CustomerOrderViewDto as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(schema.properties).sort()).toEqual(['delayed', 'dispute', 'escrow', 'orderId', 'shipments', 'status']);
    expect(schema.required.sort()).toEqual(['delayed', 'escrow', 'orderId', 'shipments', 'status']);
  });
});
