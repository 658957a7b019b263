import { ConflictException, NotFoundException } from '@nestjs/common';
import request from 'supertest';
import { OrdersController } from '../../../src/orders/orders.controller';
import type { OrderDetail, ShipmentResponse } from '../../../src/orders/orders.responses';
import { OrdersService } from '../../../src/orders/orders.service';
import { API_KEYS, bearer, principalOf, useApiTestApp } from '../../support/api-test-app';

const ORDER_BODY = {
  orderId: 'A-1001',
  customer: {
    name: 'Ana Lima',
    email: 'ana@example.com',
    phone: '+14155550123',
    locale: 'en-US',
    timeZone: 'America/New_York',
  },
  promisedDeliveryDate: '2026-12-01',
  escrow: { amount: 12999, currency: 'USD' },
};

const ORDER: OrderDetail = {
  orderId: 'A-1001',
  status: 'order_received',
  delayed: false,
  promisedDeliveryDate: '2026-12-01',
  createdAt: '2026-11-26T10:00:00.000Z',
  escrow: { state: 'held', amount: 12999, currency: 'USD' },
  shipments: [],
  history: [],
  source: 'temporal',
};

const SHIPMENT: ShipmentResponse = {
  shipmentId: 'shp_0123456789abcdef01234567',
  carrier: 'ups',
  trackingNumber: '1Z5R89390357567127',
  trackingUrl: 'https://www.ups.com/track?tracknum=1Z5R89390357567127',
  status: 'pending',
};

type ServiceMock = { [K in 'create' | 'list' | 'get' | 'markProcessing' | 'addShipment' | 'cancel']: jest.Mock };

describe('OrdersController over HTTP (real guard, pipe and body limits; service mocked)', () => {
  const service: ServiceMock = {
    create: jest.fn(),
    list: jest.fn(),
    get: jest.fn(),
    markProcessing: jest.fn(),
    addShipment: jest.fn(),
    cancel: jest.fn(),
  };

  const expectServiceUntouched = (): void => {
    for (const fn of Object.values(service)) expect(fn).not.toHaveBeenCalled();
  };

  const api = useApiTestApp({ controllers: [OrdersController], providers: [{ provide: OrdersService, useValue: service }] });

  beforeEach(() => {
    for (const fn of Object.values(service)) fn.mockReset();
    service.create.mockResolvedValue({ created: true, body: ORDER });
    service.list.mockResolvedValue({ orders: [], nextCursor: null });
    service.get.mockResolvedValue(ORDER);
    service.markProcessing.mockResolvedValue({ ...ORDER, status: 'processing' });
    service.addShipment.mockResolvedValue({ created: true, body: SHIPMENT });
    service.cancel.mockResolvedValue({ ...ORDER, status: 'cancelled' });
  });

  describe('authentication (401)', () => {
    it.each([
      ['POST', '/v1/orders'],
      ['GET', '/v1/orders'],
      ['GET', '/v1/orders/A-1001'],
      ['POST', '/v1/orders/A-1001/processing'],
      ['POST', '/v1/orders/A-1001/shipments'],
      ['POST', '/v1/orders/A-1001/cancel'],
    ])('refuses %s %s without a key, with WWW-Authenticate, and calls nothing', async (method, path) => {
      const call = method === 'GET' ? request(api.server).get(path) : request(api.server).post(path).send({});
      const response = await call.expect(401);
      expect(response.headers['www-authenticate']).toBe('Bearer realm="waybill"');
      expect(response.body.message).toMatch(/Missing API key/);
      expectServiceUntouched();
    });

    it.each([
      ['a wrong key', 'Bearer not-a-configured-key-000000'],
      ['a key that differs in one character', `Bearer ${API_KEYS.platform.slice(0, -1)}X`],
      ['the right key under another scheme', `Basic ${API_KEYS.platform}`],
      ['the right key without a scheme', API_KEYS.platform],
      ['a keyId instead of the key', `Bearer ${principalOf('platform').keyId}`],
    ])('refuses %s with 401 and WWW-Authenticate, and writes nothing', async (_what, authorization) => {
      const response = await request(api.server).post('/v1/orders').set('Authorization', authorization).send(ORDER_BODY).expect(401);
      expect(response.headers['www-authenticate']).toBe('Bearer realm="waybill"');
      expectServiceUntouched();
    });

    it('does not echo the presented key in the 401 body', async () => {
      const presented = 'Bearer secret-looking-wrong-key-123456';
      const response = await request(api.server).get('/v1/orders').set('Authorization', presented).expect(401);
      expect(JSON.stringify(response.body)).not.toContain('secret-looking-wrong-key-123456');
    });

    it('authenticates before validating: an invalid body without a key is a 401, not a 400', async () => {
      await request(api.server).post('/v1/orders').send({ orderId: '$bad' }).expect(401);
      expectServiceUntouched();
    });

    it('accepts the scheme case-insensitively', async () => {
      await request(api.server).get('/v1/orders').set('Authorization', `bearer ${API_KEYS.support}`).expect(200);
      expect(service.list).toHaveBeenCalledTimes(1);
    });
  });

  describe('authorization (403)', () => {
    it.each([
      ['POST', '/v1/orders', ORDER_BODY],
      ['POST', '/v1/orders/A-1001/processing', undefined],
      ['POST', '/v1/orders/A-1001/shipments', { trackingNumber: SHIPMENT.trackingNumber }],
      ['POST', '/v1/orders/A-1001/cancel', { reason: 'customer asked' }],
    ])('refuses support on %s %s and calls nothing', async (_method, path, body) => {
      const response = await request(api.server).post(path).set('Authorization', bearer('support')).send(body).expect(403);
      expect(response.body.message).toMatch(/support/);
      expectServiceUntouched();
    });

    it('lets support read', async () => {
      await request(api.server).get('/v1/orders').set('Authorization', bearer('support')).expect(200);
      await request(api.server).get('/v1/orders/A-1001').set('Authorization', bearer('support')).expect(200);
      expect(service.list).toHaveBeenCalledTimes(1);
      expect(service.get).toHaveBeenCalledWith('A-1001');
    });

    it('lets admin create orders', async () => {
      await request(api.server).post('/v1/orders').set('Authorization', bearer('admin')).send(ORDER_BODY).expect(201);
      expect(service.create).toHaveBeenCalledTimes(1);
    });
  });

  describe('body parsing (400, 413)', () => {
    it('answers 400 for malformed JSON and calls nothing', async () => {
      await request(api.server)
        .post('/v1/orders')
        .set('Authorization', bearer('platform'))
        .set('Content-Type', 'application/json')
        .send('{"orderId": "A-1001", "customer": ')
        .expect(400);
      expectServiceUntouched();
    });

    it('answers 413 for a body over 64 KB and calls nothing', async () => {
      const huge = { ...ORDER_BODY, customer: { ...ORDER_BODY.customer, name: 'x'.repeat(70 * 1024) } };
      await request(api.server).post('/v1/orders').set('Authorization', bearer('platform')).send(huge).expect(413);
      expectServiceUntouched();
    });

    it('answers 413 for an oversized form body too', async () => {
      await request(api.server)
        .post('/v1/orders/A-1001/cancel')
        .set('Authorization', bearer('platform'))
        .type('form')
        .send(`reason=${'x'.repeat(70 * 1024)}`)
        .expect(413);
      expectServiceUntouched();
    });

    it('still accepts a body just under the limit as far as parsing goes (then validates it)', async () => {
      const big = { ...ORDER_BODY, customer: { ...ORDER_BODY.customer, name: 'x'.repeat(60 * 1024) } };
      const response = await request(api.server).post('/v1/orders').set('Authorization', bearer('platform')).send(big).expect(400);
      expect(JSON.stringify(response.body)).toContain('name');
      expectServiceUntouched();
    });

    it('refuses a JSON array or a bare string as the order body', async () => {
      await request(api.server).post('/v1/orders').set('Authorization', bearer('platform')).send([ORDER_BODY]).expect(400);
      await request(api.server)
        .post('/v1/orders')
        .set('Authorization', bearer('platform'))
        .set('Content-Type', 'application/json')
        .send('"A-1001"')
        .expect(400);
      expectServiceUntouched();
    });
  });

  describe('validation (400)', () => {
    const issuePaths = (body: unknown): string[] =>
      ((body as { errors?: { path: (string | number)[] }[] }).errors ?? []).map((issue) => issue.path.join('.'));

    it.each([
      ['a bad email', { ...ORDER_BODY, customer: { ...ORDER_BODY.customer, email: 'nope' } }, 'customer.email'],
      ['a non-E.164 phone', { ...ORDER_BODY, customer: { ...ORDER_BODY.customer, phone: '555-0123' } }, 'customer.phone'],
      ['an impossible date', { ...ORDER_BODY, promisedDeliveryDate: '2026-02-30' }, 'promisedDeliveryDate'],
      ['a fractional amount', { ...ORDER_BODY, escrow: { amount: 1.5, currency: 'USD' } }, 'escrow.amount'],
      ['an operator object as orderId', { ...ORDER_BODY, orderId: { $gt: '' } }, 'orderId'],
      ['an orderId with a dollar sign', { ...ORDER_BODY, orderId: '$where' }, 'orderId'],
    ])('refuses %s with a 400 naming the field, and creates nothing', async (_what, body, field) => {
      const response = await request(api.server).post('/v1/orders').set('Authorization', bearer('platform')).send(body).expect(400);
      expect(issuePaths(response.body)).toContain(field);
      expectServiceUntouched();
    });

    it('refuses an unknown field with a 400 naming it', async () => {
      const response = await request(api.server)
        .post('/v1/orders')
        .set('Authorization', bearer('platform'))
        .send({ ...ORDER_BODY, isAdmin: true })
        .expect(400);
      expect(JSON.stringify(response.body)).toContain('isAdmin');
      expectServiceUntouched();
    });

    it('refuses an invalid orderId in the path', async () => {
      await request(api.server).post('/v1/orders/bad%24id/processing').set('Authorization', bearer('platform')).expect(400);
      await request(api.server).get(`/v1/orders/${'A'.repeat(65)}`).set('Authorization', bearer('platform')).expect(400);
      expectServiceUntouched();
    });

    it('refuses a bad shipment body', async () => {
      await request(api.server)
        .post('/v1/orders/A-1001/shipments')
        .set('Authorization', bearer('platform'))
        .send({ trackingNumber: SHIPMENT.trackingNumber, carrier: 'royalmail' })
        .expect(400);
      await request(api.server)
        .post('/v1/orders/A-1001/shipments')
        .set('Authorization', bearer('platform'))
        .send({ trackingNumber: '9'.repeat(81) })
        .expect(400);
      expectServiceUntouched();
    });

    it.each([
      ['limit=0'],
      ['limit=101'],
      ['limit=ten'],
      ['status=shipping'],
      ['status[$ne]=cancelled'],
      ['carrier=royalmail'],
      ['sort=createdAt'],
    ])('refuses the list query ?%s', async (query) => {
      await request(api.server).get(`/v1/orders?${query}`).set('Authorization', bearer('support')).expect(400);
      expectServiceUntouched();
    });

    it('coerces and defaults the list query before the service sees it', async () => {
      await request(api.server).get('/v1/orders?limit=5&status=delivered&carrier=ups').set('Authorization', bearer('support')).expect(200);
      expect(service.list).toHaveBeenLastCalledWith({ limit: 5, status: 'delivered', carrier: 'ups' });
      await request(api.server).get('/v1/orders').set('Authorization', bearer('support')).expect(200);
      expect(service.list).toHaveBeenLastCalledWith({ limit: 20 });
    });
  });

  describe('what reaches the service', () => {
    it('answers 201 for a created order, passing the validated body', async () => {
      service.create.mockResolvedValue({ created: true, body: ORDER });
      const response = await request(api.server).post('/v1/orders').set('Authorization', bearer('platform')).send(ORDER_BODY).expect(201);
      expect(response.body).toEqual(ORDER);
      expect(service.create).toHaveBeenCalledWith(ORDER_BODY);
    });

    it('answers 200 for a repeated create', async () => {
      service.create.mockResolvedValue({ created: false, body: { ...ORDER, source: 'workflow' } });
      const response = await request(api.server).post('/v1/orders').set('Authorization', bearer('platform')).send(ORDER_BODY).expect(200);
      expect(response.body.source).toBe('workflow');
    });

    it("passes the service's HTTP errors through (409 for a conflicting repeat, 404 for an unknown order)", async () => {
      service.create.mockRejectedValue(new ConflictException('Order A-1001 already exists with different details.'));
      await request(api.server).post('/v1/orders').set('Authorization', bearer('platform')).send(ORDER_BODY).expect(409);
      service.get.mockRejectedValue(new NotFoundException('Order A-9 not found.'));
      await request(api.server).get('/v1/orders/A-9').set('Authorization', bearer('platform')).expect(404);
    });

    it('passes the platform principal to markProcessing and answers 200', async () => {
      const response = await request(api.server).post('/v1/orders/A-1001/processing').set('Authorization', bearer('platform')).expect(200);
      expect(response.body.status).toBe('processing');
      expect(service.markProcessing).toHaveBeenCalledWith('A-1001', principalOf('platform'));
    });

    it('passes the admin principal to cancel, with the reason', async () => {
      await request(api.server)
        .post('/v1/orders/A-1001/cancel')
        .set('Authorization', bearer('admin'))
        .send({ reason: 'customer asked' })
        .expect(200);
      expect(service.cancel).toHaveBeenCalledWith('A-1001', { reason: 'customer asked' }, principalOf('admin'));
    });

    it('accepts a cancel with an empty JSON object', async () => {
      await request(api.server).post('/v1/orders/A-1001/cancel').set('Authorization', bearer('platform')).send({}).expect(200);
      expect(service.cancel).toHaveBeenCalledWith('A-1001', {}, principalOf('platform'));
    });

    // Express 5 leaves req.body undefined when no body is sent; the reason is optional, so that is a cancel.
    it('accepts a cancel sent with no body at all (the reason is optional)', async () => {
      await request(api.server).post('/v1/orders/A-1001/cancel').set('Authorization', bearer('platform')).expect(200);
      expect(service.cancel).toHaveBeenCalledWith('A-1001', {}, principalOf('platform'));
    });

    it('answers 201 for a new shipment and 200 for a repeated one, passing the principal', async () => {
      const body = { trackingNumber: SHIPMENT.trackingNumber, carrier: 'ups' };
      service.addShipment.mockResolvedValueOnce({ created: true, body: SHIPMENT });
      const first = await request(api.server).post('/v1/orders/A-1001/shipments').set('Authorization', bearer('platform')).send(body).expect(201);
      expect(first.body).toEqual(SHIPMENT);
      service.addShipment.mockResolvedValueOnce({ created: false, body: SHIPMENT });
      await request(api.server).post('/v1/orders/A-1001/shipments').set('Authorization', bearer('platform')).send(body).expect(200);
      expect(service.addShipment).toHaveBeenNthCalledWith(1, 'A-1001', body, principalOf('platform'));
      expect(service.addShipment).toHaveBeenNthCalledWith(2, 'A-1001', body, principalOf('platform'));
    });

    it('never hands the raw key to the service', async () => {
      await request(api.server).post('/v1/orders/A-1001/processing').set('Authorization', bearer('platform')).expect(200);
      expect(JSON.stringify(service.markProcessing.mock.calls)).not.toContain(API_KEYS.platform);
    });
  });
});
