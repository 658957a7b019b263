import request from 'supertest';
import type { SupportAlert } from '../../../activities/alerts/support-alert-store';
import { decodeAlertCursor, encodeAlertCursor } from '../../../src/alerts/alert-cursor';
import { AlertsController } from '../../../src/alerts/alerts.controller';
import { AlertsService } from '../../../src/alerts/alerts.service';
import { SupportAlertsRepository } from '../../../src/persistence/support-alerts.repository';
import { API_KEYS, bearer, keyIdOf, useApiTestApp } from '../../support/api-test-app';

const alert = (n: number, patch: Partial<SupportAlert> = {}): SupportAlert => ({
  alertId: `alert:A-100${n}:shipment_stalled:shp_1:1`,
  orderId: `A-100${n}`,
  shipmentId: 'shp_1',
  kind: 'shipment_stalled',
  occurrence: '1',
  detail: 'No carrier scan for 5 days.',
  state: 'open',
  createdAt: new Date(`2026-11-2${n}T10:00:00Z`),
  ...patch,
});

describe('AlertsController over HTTP (real guard, pipe and service; repository mocked)', () => {
  const repository = { list: jest.fn(), acknowledge: jest.fn() };
  const api = useApiTestApp({ controllers: [AlertsController], providers: [AlertsService, { provide: SupportAlertsRepository, useValue: repository }] });

  beforeEach(() => {
    repository.list.mockReset().mockResolvedValue([]);
    repository.acknowledge.mockReset();
  });

  describe('roles', () => {
    it('refuses a missing key with 401', async () => {
      await request(api.server).get('/v1/alerts').expect(401);
      await request(api.server).post('/v1/alerts/alert:A-1001:shipment_stalled:shp_1:1/acknowledge').expect(401);
      expect(repository.list).not.toHaveBeenCalled();
    });

    it('refuses platform with 403 on both routes', async () => {
      const listed = await request(api.server).get('/v1/alerts').set('Authorization', bearer('platform')).expect(403);
      expect(listed.body.message).toMatch(/platform/);
      await request(api.server).post('/v1/alerts/alert:A-1001:shipment_stalled:shp_1:1/acknowledge').set('Authorization', bearer('platform')).expect(403);
      expect(repository.list).not.toHaveBeenCalled();
      expect(repository.acknowledge).not.toHaveBeenCalled();
    });

    it('lets support and admin list', async () => {
      await request(api.server).get('/v1/alerts').set('Authorization', bearer('support')).expect(200);
      await request(api.server).get('/v1/alerts').set('Authorization', bearer('admin')).expect(200);
      expect(repository.list).toHaveBeenCalledTimes(2);
    });
  });

  describe('GET /v1/alerts', () => {
    it('answers the page with ISO dates, filtered as asked, and no cursor on the last page', async () => {
      repository.list.mockResolvedValue([alert(2), alert(1, { state: 'acknowledged', acknowledgedAt: new Date('2026-11-22T09:00:00Z'), acknowledgedBy: 'key_abc' })]);
      const response = await request(api.server).get('/v1/alerts?state=open&orderId=A-1002&limit=5').set('Authorization', bearer('support')).expect(200);
      expect(repository.list).toHaveBeenCalledWith({ state: 'open', orderId: 'A-1002', limit: 6, after: undefined });
      expect(response.body.nextCursor).toBeNull();
      expect(response.body.alerts[0]).toEqual({
        alertId: 'alert:A-1002:shipment_stalled:shp_1:1',
        orderId: 'A-1002',
        shipmentId: 'shp_1',
        kind: 'shipment_stalled',
        occurrence: '1',
        detail: 'No carrier scan for 5 days.',
        state: 'open',
        createdAt: '2026-11-22T10:00:00.000Z',
      });
      expect(response.body.alerts[1]).toMatchObject({ state: 'acknowledged', acknowledgedAt: '2026-11-22T09:00:00.000Z', acknowledgedBy: 'key_abc' });
    });

    it('pages with a keyset cursor: the last alert of a full page, handed back as `after`', async () => {
      repository.list.mockResolvedValue([alert(3), alert(2), alert(1)]);
      const first = await request(api.server).get('/v1/alerts?limit=2').set('Authorization', bearer('support')).expect(200);
      expect(first.body.alerts).toHaveLength(2);
      expect(decodeAlertCursor(first.body.nextCursor)).toEqual({ createdAt: alert(2).createdAt, alertId: alert(2).alertId });
      repository.list.mockResolvedValue([alert(1)]);
      await request(api.server).get(`/v1/alerts?limit=2&cursor=${first.body.nextCursor}`).set('Authorization', bearer('support')).expect(200);
      expect(repository.list).toHaveBeenLastCalledWith({ limit: 3, after: { createdAt: alert(2).createdAt, alertId: alert(2).alertId } });
    });

    it.each([
      ['state=closed'],
      ['state[$ne]=open'],
      ['orderId=$where'],
      ['limit=0'],
      ['limit=101'],
      ['sort=createdAt'],
      [`cursor=${Buffer.from('{"c":"yesterday","a":"x"}').toString('base64url')}`],
      ['cursor=not-a-cursor'],
    ])('answers 400 for ?%s', async (query) => {
      await request(api.server).get(`/v1/alerts?${query}`).set('Authorization', bearer('support')).expect(400);
      expect(repository.list).not.toHaveBeenCalled();
    });

    it('round-trips a cursor', () => {
      const cursor = { createdAt: new Date('2026-11-22T10:00:00.123Z'), alertId: 'alert:A-1:dispute_opened:-:1' };
      expect(decodeAlertCursor(encodeAlertCursor(cursor))).toEqual(cursor);
    });
  });

  describe('POST /v1/alerts/{alertId}/acknowledge', () => {
    const path = '/v1/alerts/alert:A-1001:shipment_stalled:shp_1:1/acknowledge';

    it("records the caller's keyId and answers the alert", async () => {
      repository.acknowledge.mockResolvedValue(alert(1, { state: 'acknowledged', acknowledgedAt: new Date('2026-11-22T09:00:00Z'), acknowledgedBy: keyIdOf('support') }));
      const response = await request(api.server).post(path).set('Authorization', bearer('support')).expect(200);
      expect(repository.acknowledge).toHaveBeenCalledWith('alert:A-1001:shipment_stalled:shp_1:1', keyIdOf('support'));
      expect(response.body).toMatchObject({ state: 'acknowledged', acknowledgedBy: keyIdOf('support') });
      expect(JSON.stringify(repository.acknowledge.mock.calls)).not.toContain(API_KEYS.support);
    });

    it('answers 404 for an unknown alert', async () => {
      repository.acknowledge.mockResolvedValue(undefined);
      await request(api.server).post('/v1/alerts/alert:A-9:dispute_opened:-:1/acknowledge').set('Authorization', bearer('admin')).expect(404);
    });

    it('answers 400 for something that is not an alert ID', async () => {
      await request(api.server).post('/v1/alerts/A-1001/acknowledge').set('Authorization', bearer('support')).expect(400);
      await request(api.server).post(`/v1/alerts/alert:${'x'.repeat(400)}/acknowledge`).set('Authorization', bearer('support')).expect(400);
      expect(repository.acknowledge).not.toHaveBeenCalled();
    });
  });
});
