import request from 'supertest';
import { DEFAULT_NOTIFICATION_PREFERENCES, type NotificationPreferences } from '../../../activities/notifications/notification-policy';
import type { ApiRole } from '../../../src/auth/api-keys';
import { NotificationPreferencesController } from '../../../src/notifications/notification-preferences.controller';
import { NotificationPreferencesRepository } from '../../../src/persistence/notification-preferences.repository';
import { bearer, useApiTestApp } from '../../support/api-test-app';

const PATH = '/v1/customers/cus_1/notification-preferences';
const UPDATED = new Date('2026-11-26T10:00:00Z');

describe('NotificationPreferencesController over HTTP (real guard and pipe; repository mocked)', () => {
  const repository = { get: jest.fn(), put: jest.fn() };
  const api = useApiTestApp({
    controllers: [NotificationPreferencesController],
    providers: [{ provide: NotificationPreferencesRepository, useValue: repository }],
  });

  beforeEach(() => {
    repository.get.mockReset().mockImplementation(async (customerRef: string) => ({
      customerRef,
      source: 'default',
      updatedAt: null,
      ...structuredClone(DEFAULT_NOTIFICATION_PREFERENCES),
    }));
    repository.put
      .mockReset()
      .mockImplementation(async (customerRef: string, preferences: NotificationPreferences) => ({ customerRef, source: 'stored', updatedAt: UPDATED, ...preferences }));
  });

  const put = (body: unknown, role: ApiRole = 'platform', path = PATH) =>
    request(api.server).put(path).set('Authorization', bearer(role)).send(body as object);

  describe('roles', () => {
    it('needs a key', async () => {
      await request(api.server).get(PATH).expect(401);
      await request(api.server).put(PATH).send({}).expect(401);
    });

    it('lets platform, support and admin read', async () => {
      for (const role of ['platform', 'support', 'admin'] as const) await request(api.server).get(PATH).set('Authorization', bearer(role)).expect(200);
    });

    it('lets platform and admin write, not support', async () => {
      await put({}, 'platform').expect(200);
      await put({}, 'admin').expect(200);
      const refused = await put({}, 'support').expect(403);
      expect(refused.body.message).toMatch(/support/);
      expect(repository.put).toHaveBeenCalledTimes(2);
    });
  });

  describe('GET', () => {
    it('answers the defaults for a customer with nothing stored', async () => {
      const response = await request(api.server).get(PATH).set('Authorization', bearer('support')).expect(200);
      expect(repository.get).toHaveBeenCalledWith('cus_1');
      expect(response.body).toEqual({ customerRef: 'cus_1', source: 'default', updatedAt: null, ...DEFAULT_NOTIFICATION_PREFERENCES });
    });

    it.each(['bad%20ref', `${'a'.repeat(129)}`, 'ann@example.com', '%24ne'])('answers 400 for customerRef %s', async (ref) => {
      await request(api.server).get(`/v1/customers/${ref}/notification-preferences`).set('Authorization', bearer('admin')).expect(400);
      expect(repository.get).not.toHaveBeenCalled();
    });
  });

  describe('PUT', () => {
    it('stores the choice whole: channels left out and quiet hours left out get their defaults', async () => {
      const response = await put({ channels: { email: ['shipped', 'delivered'], sms: 'none' } }).expect(200);
      const expected = {
        channels: { email: ['shipped', 'delivered'], sms: 'none', push: 'all' },
        quietHours: { start: '21:00', end: '08:00' },
      };
      expect(repository.put).toHaveBeenCalledWith('cus_1', expected);
      expect(response.body).toEqual({ customerRef: 'cus_1', source: 'stored', updatedAt: UPDATED.toISOString(), ...expected });
    });

    it('takes quiet hours, and null to turn them off', async () => {
      await put({ quietHours: { start: '22:30', end: '07:00' } }).expect(200);
      expect(repository.put).toHaveBeenLastCalledWith('cus_1', expect.objectContaining({ quietHours: { start: '22:30', end: '07:00' } }));
      await put({ quietHours: null }).expect(200);
      expect(repository.put).toHaveBeenLastCalledWith('cus_1', expect.objectContaining({ quietHours: null }));
    });

    it.each([
      ['an unknown milestone', { channels: { email: ['shipped', 'teleported'] } }],
      ['an unknown channel', { channels: { fax: 'all' } }],
      ['a milestone listed twice', { channels: { sms: ['shipped', 'shipped'] } }],
      ['a selection that is neither all, none nor a list', { channels: { push: 'some' } }],
      ['an unknown top-level field', { channels: { email: 'all' }, customerRef: 'cus_2' }],
      ['an unknown quiet-hours field', { quietHours: { start: '21:00', end: '08:00', zone: 'UTC' } }],
      ['a 12-hour time', { quietHours: { start: '9:00 PM', end: '08:00' } }],
      ['hour 24', { quietHours: { start: '24:00', end: '08:00' } }],
      ['minute 60', { quietHours: { start: '21:60', end: '08:00' } }],
      ['equal start and end', { quietHours: { start: '08:00', end: '08:00' } }],
      ['an operator', { channels: { email: { $ne: 'none' } } }],
      ['a body that is not an object', ['all']],
    ])('answers 400 for %s, storing nothing', async (_what, body) => {
      const response = await put(body).expect(400);
      expect(response.body.statusCode).toBe(400);
      expect(repository.put).not.toHaveBeenCalled();
    });

    it('answers 400 for an invalid customerRef', async () => {
      await put({}, 'platform', '/v1/customers/a%20b/notification-preferences').expect(400);
      expect(repository.put).not.toHaveBeenCalled();
    });
  });
});
