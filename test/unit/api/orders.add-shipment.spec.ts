import request from 'supertest';
import { trackingUrl } from '../../../activities/carriers/tracking-numbers';
import { WAYBILL_CONFIG } from '../../../src/config/config.module';
import { OrdersController } from '../../../src/orders/orders.controller';
import { OrderWorkflows } from '../../../src/orders/order-workflows';
import { OrdersService } from '../../../src/orders/orders.service';
import { ReadModelRepository } from '../../../src/persistence/read-model.repository';
import { TEMPORAL_CLIENT } from '../../../src/temporal/temporal-client.module';
import type { AddShipmentInput } from '../../../workflows/order/order.messages';
import type { Carrier } from '../../../workflows/shared/vocabulary';
import { bearer, useApiTestApp } from '../../support/api-test-app';

/*
 * POST /v1/orders/:id/shipments with the real service: tracking-number checks, their 400 bodies
 * and the tracking URL that reaches the workflow. Temporal is a fake that echoes the update.
 */

const AMBIGUOUS = '9261292700768711948021';

describe('POST /v1/orders/:orderId/shipments (real OrdersService, fake Temporal)', () => {
  const updates: AddShipmentInput[] = [];
  const configured: Partial<Record<Carrier, object>> = {};

  const temporal = {
    withAbortSignal: <R>(_signal: AbortSignal, fn: () => Promise<R>) => fn(),
    workflow: {
      getHandle: () => ({
        query: async () => undefined,
        executeUpdate: async (_update: unknown, options: { args: [AddShipmentInput] }) => {
          const [input] = options.args;
          updates.push(input);
          return { ...input, status: 'pending', ladderStatus: 'pending', revision: 1 };
        },
      }),
    },
  };

  const api = useApiTestApp({
    controllers: [OrdersController],
    providers: [
      OrdersService,
      OrderWorkflows,
      { provide: TEMPORAL_CLIENT, useValue: temporal },
      { provide: WAYBILL_CONFIG, useValue: { carriers: configured } },
      { provide: ReadModelRepository, useValue: {} },
    ],
  });

  const post = (body: object) => request(api.server).post('/v1/orders/A-1001/shipments').set('Authorization', bearer('platform')).send(body);

  beforeEach(() => {
    updates.length = 0;
    for (const carrier of ['ups', 'fedex', 'dhl', 'usps'] as const) configured[carrier] = {};
  });

  it('answers a number valid for several carriers with 400, the candidates in ambiguousCarriers, and changes nothing', async () => {
    const response = await post({ trackingNumber: AMBIGUOUS }).expect(400);
    expect(response.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: expect.stringMatching(/more than one carrier \(FedEx, USPS\).*"carrier"/),
      ambiguousCarriers: ['fedex', 'usps'],
    });
    expect(updates).toEqual([]);
  });

  it('accepts the same number once the carrier is named', async () => {
    const response = await post({ trackingNumber: AMBIGUOUS, carrier: 'usps' }).expect(201);
    expect(response.body).toMatchObject({ carrier: 'usps', trackingNumber: AMBIGUOUS, trackingUrl: trackingUrl('usps', AMBIGUOUS) });
  });

  it('keeps the plain 400 body, without ambiguousCarriers, for a number that is simply wrong', async () => {
    const response = await post({ trackingNumber: '1Z1111111111111111' }).expect(400);
    expect(response.body).toEqual({ statusCode: 400, error: 'Bad Request', message: expect.stringMatching(/check digit/) });
    const named = await post({ trackingNumber: '986578788855', carrier: 'ups' }).expect(400);
    expect(named.body).toEqual({ statusCode: 400, error: 'Bad Request', message: expect.stringMatching(/not a UPS tracking number.*FedEx/) });
  });

  it.each([
    ['1Z 5R89 3903 5756 7127', 'ups', '1Z5R89390357567127'],
    ['986578788855', 'fedex', '986578788855'],
    ['3318810025', 'dhl', '3318810025'],
    ['420 78745 9400 1112 0620 6406 2607 87', 'usps', '9400111206206406260787'],
  ] as const)('detects %p as %s and hands the workflow its canonical number and public tracking URL', async (raw, carrier, canonical) => {
    const response = await post({ trackingNumber: raw }).expect(201);
    const url = trackingUrl(carrier, canonical);
    expect(response.body).toMatchObject({ carrier, trackingNumber: canonical, trackingUrl: url, status: 'pending' });
    expect(updates).toEqual([expect.objectContaining({ carrier, trackingNumber: canonical, trackingUrl: url })]);
  });

  it('refuses a valid number of a carrier this Waybill has no credentials for', async () => {
    delete configured.dhl;
    const response = await post({ trackingNumber: '3318810025' }).expect(400);
    expect(response.body.message).toBe('Carrier dhl is not configured on this Waybill.');
  });
});
