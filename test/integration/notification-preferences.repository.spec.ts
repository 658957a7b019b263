import { createHash } from 'node:crypto';
import type { Model } from 'mongoose';
import { hashAddress } from '../../activities/notifications/address-hash';
import { createNotificationPolicyActivities, DEFAULT_NOTIFICATION_PREFERENCES } from '../../activities/notifications/notification-policy';
import { NotificationPreferencesRepository, type NotificationPreferencesDocument } from '../../src/persistence/notification-preferences.repository';
import { NOTIFICATION_PREFERENCES_MODEL } from '../../src/persistence/notification-preferences.schema';
import { NotificationSuppressionsRepository, type NotificationSuppressionDocument } from '../../src/persistence/notification-suppressions.repository';
import { NOTIFICATION_SUPPRESSION_MODEL } from '../../src/persistence/notification-suppressions.schema';
import { MongoNotificationPolicyStore } from '../../src/worker/notification-policy-store';
import { usePersistence } from '../support/persistence-test-module';
import type { Milestone } from '../../workflows/shared/vocabulary';

/** Not a milestone: what a bug, not the API (which validates first), could hand the repository. */
const UNKNOWN_MILESTONE = 'teleported' as Milestone;

describe('notification preferences and suppressions on FerretDB', () => {
  let preferences: NotificationPreferencesRepository;
  let suppressions: NotificationSuppressionsRepository;
  let store: MongoNotificationPolicyStore;
  let preferenceModel: Model<NotificationPreferencesDocument>;
  let suppressionModel: Model<NotificationSuppressionDocument>;
  let counter = 0;
  const newRef = () => `cus_${++counter}_${Date.now()}`;

  const db = usePersistence('waybill_notification_policy_test', { providers: [MongoNotificationPolicyStore] });

  beforeAll(() => {
    preferences = db.get(NotificationPreferencesRepository);
    suppressions = db.get(NotificationSuppressionsRepository);
    store = db.get(MongoNotificationPolicyStore);
    preferenceModel = db.model(NOTIFICATION_PREFERENCES_MODEL);
    suppressionModel = db.model(NOTIFICATION_SUPPRESSION_MODEL);
  });

  describe('NotificationPreferencesRepository', () => {
    it('answers the defaults for a customer with nothing stored, and stores nothing', async () => {
      const ref = newRef();
      await expect(preferences.get(ref)).resolves.toEqual({ customerRef: ref, source: 'default', updatedAt: null, ...DEFAULT_NOTIFICATION_PREFERENCES });
      expect(await preferenceModel.countDocuments({ _id: ref })).toBe(0);
    });

    it('upserts: a first put inserts, a second replaces whole', async () => {
      const ref = newRef();
      const first = await preferences.put(ref, { channels: { email: ['shipped', 'delivered'], sms: 'none', push: 'all' }, quietHours: { start: '22:00', end: '07:30' } });
      expect(first).toMatchObject({ customerRef: ref, source: 'stored' });
      const read = await preferences.get(ref);
      expect(read).toEqual({
        customerRef: ref,
        source: 'stored',
        updatedAt: expect.any(Date),
        channels: { email: ['shipped', 'delivered'], sms: 'none', push: 'all' },
        quietHours: { start: '22:00', end: '07:30' },
      });
      await preferences.put(ref, { channels: { email: 'all', sms: ['delivered'], push: 'none' }, quietHours: null });
      expect(await preferences.get(ref)).toMatchObject({ channels: { email: 'all', sms: ['delivered'], push: 'none' }, quietHours: null });
      expect(await preferenceModel.countDocuments({ _id: ref })).toBe(1);
      const raw = await preferenceModel.findById(ref).lean().exec();
      expect(Object.keys(raw ?? {}).sort()).toEqual(['_id', 'channels', 'quietHours', 'updatedAt']);
    });

    it('lets concurrent first puts all succeed, one document remaining', async () => {
      const ref = newRef();
      const prefs = { channels: { email: 'all' as const, sms: 'none' as const, push: 'all' as const }, quietHours: null };
      await Promise.all([preferences.put(ref, prefs), preferences.put(ref, prefs), preferences.put(ref, prefs)]);
      expect(await preferenceModel.countDocuments({ _id: ref })).toBe(1);
    });

    it('refuses what the schema does not allow (an unknown milestone, a bad time) and an invalid reference', async () => {
      const ref = newRef();
      await expect(preferences.put(ref, { channels: { email: [UNKNOWN_MILESTONE], sms: 'none', push: 'all' }, quietHours: null })).rejects.toThrow();
      await expect(preferences.put(ref, { channels: { email: 'all', sms: 'none', push: 'all' }, quietHours: { start: '25:00', end: '08:00' } })).rejects.toThrow();
      expect(await preferenceModel.countDocuments({ _id: ref })).toBe(0);
      await expect(preferences.put('ann@example.com', DEFAULT_NOTIFICATION_PREFERENCES)).rejects.toThrow(/customerRef/);
      await expect(preferences.get('ann@example.com')).resolves.toMatchObject({ source: 'default' });
    });

    it('gives a stored document missing a channel or quiet hours the defaults for them', async () => {
      const ref = newRef();
      await preferenceModel.collection.insertOne({ _id: ref as never, channels: { email: 'none', sms: 'all' }, updatedAt: new Date() });
      expect(await preferences.get(ref)).toMatchObject({ channels: { email: 'none', sms: 'all', push: 'all' }, quietHours: { start: '21:00', end: '08:00' } });
    });

    it('forgets a customer’s choice on remove', async () => {
      const ref = newRef();
      await preferences.put(ref, { channels: { email: 'none', sms: 'none', push: 'none' }, quietHours: null });
      await expect(preferences.remove(ref)).resolves.toBe(true);
      await expect(preferences.get(ref)).resolves.toMatchObject({ source: 'default' });
      await expect(preferences.remove(ref)).resolves.toBe(false);
    });

    it('never lets an operator object through as a reference', async () => {
      const ref = newRef();
      await preferences.put(ref, { channels: { email: 'none', sms: 'none', push: 'none' }, quietHours: null });
      const hostile = { $ne: 'nothing' } as unknown as string;
      await expect(preferences.get(hostile)).resolves.toMatchObject({ source: 'default' });
      await expect(preferences.remove(hostile)).resolves.toBe(false);
      expect(await preferenceModel.countDocuments({ _id: ref })).toBe(1);
    });
  });

  describe('NotificationSuppressionsRepository', () => {
    const address = () => `Ann.${++counter}@Example.com`;

    it('stores the hash of the normalised address, never the address', async () => {
      const email = address();
      const hash = hashAddress('email', email);
      expect(hash).toBe(createHash('sha256').update(email.toLowerCase()).digest('hex'));
      await expect(suppressions.suppress('email', hash, { via: 'one_click', orderId: 'A-1', tokenId: 'jti_0123456789abcdef' })).resolves.toBe(true);
      const raw = await suppressionModel.collection.findOne({ _id: `email:${hash}` as never });
      expect(raw).toMatchObject({ channel: 'email', addressHash: hash, source: { via: 'one_click', orderId: 'A-1', tokenId: 'jti_0123456789abcdef' } });
      const everything = JSON.stringify(await suppressionModel.collection.find({}).toArray());
      expect(everything.toLowerCase()).not.toContain(email.toLowerCase());
      expect(everything).not.toContain('Example.com');
    });

    it('answers isSuppressed by hashing the address it is given, whatever its case or spacing', async () => {
      const email = address();
      await suppressions.suppress('email', hashAddress('email', email), { via: 'unsubscribe_link' });
      await expect(suppressions.isSuppressed('email', `  ${email.toUpperCase()} `)).resolves.toBe(true);
      await expect(suppressions.isSuppressed('sms', email)).resolves.toBe(false);
      await expect(suppressions.isSuppressed('email', 'someone.else@example.com')).resolves.toBe(false);
      await suppressions.suppress('sms', hashAddress('sms', '+14155550100'), { via: 'unsubscribe_link' });
      await expect(suppressions.isSuppressed('sms', '+1 415 555 0100')).resolves.toBe(true);
      await expect(store.isSuppressed('sms', '+14155550100')).resolves.toBe(true);
    });

    it('is idempotent: the first unsubscribe’s source and time stay', async () => {
      const hash = hashAddress('email', address());
      await expect(suppressions.suppress('email', hash, { via: 'one_click', orderId: 'A-1' })).resolves.toBe(true);
      const first = await suppressions.find('email', hash);
      const results = await Promise.all([
        suppressions.suppress('email', hash, { via: 'unsubscribe_link', orderId: 'A-2' }),
        suppressions.suppress('email', hash, { via: 'api' }),
      ]);
      expect(results).toEqual([false, false]);
      expect(await suppressions.find('email', hash)).toEqual(first);
      expect(await suppressionModel.countDocuments({ addressHash: hash })).toBe(1);
    });

    it('keeps channels apart and lifts an unsubscribe on resubscribe', async () => {
      const email = address();
      await suppressions.suppress('email', hashAddress('email', email), { via: 'unsubscribe_link' });
      await suppressions.suppress('push', hashAddress('push', 'cus_x'), { via: 'unsubscribe_link' });
      await expect(suppressions.resubscribe('email', email)).resolves.toBe(true);
      await expect(suppressions.isSuppressed('email', email)).resolves.toBe(false);
      await expect(suppressions.isSuppressed('push', 'cus_x')).resolves.toBe(true);
      await expect(suppressions.resubscribe('email', email)).resolves.toBe(false);
    });

    it('refuses what is not a hash or a channel, and operator objects', async () => {
      await expect(suppressions.suppress('email', 'ann@example.com', { via: 'api' })).rejects.toThrow(/hash/);
      await expect(suppressions.suppress('fax' as never, hashAddress('email', 'x@y.z'), { via: 'api' })).rejects.toThrow(/channel/);
      const hostile = { $ne: 'nothing' } as unknown as string;
      await expect(suppressions.isHashSuppressed('email', hostile)).rejects.toThrow();
      expect(await suppressionModel.countDocuments({ addressHash: 'ann@example.com' })).toBe(0);
    });
  });

  describe('MongoNotificationPolicyStore and the activity', () => {
    it('answers stored preferences, and the defaults without or with an unknown reference', async () => {
      const ref = newRef();
      await preferences.put(ref, { channels: { email: ['delivered'], sms: 'none', push: 'all' }, quietHours: null });
      const { notificationPreferences } = createNotificationPolicyActivities(store);
      await expect(notificationPreferences({ customerRef: ref })).resolves.toEqual({ channels: { email: ['delivered'], sms: 'none', push: 'all' }, quietHours: null });
      await expect(notificationPreferences({})).resolves.toEqual(DEFAULT_NOTIFICATION_PREFERENCES);
      await expect(notificationPreferences({ customerRef: newRef() })).resolves.toEqual(DEFAULT_NOTIFICATION_PREFERENCES);
      await expect(notificationPreferences({ customerRef: 'not valid!' })).resolves.toEqual(DEFAULT_NOTIFICATION_PREFERENCES);
    });
  });
});
