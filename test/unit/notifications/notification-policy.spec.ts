import { createHash } from 'node:crypto';
import { addressHashesOf, hashAddress, normaliseAddress } from '../../../activities/notifications/address-hash';
import {
  channelsFor,
  createNotificationPolicyActivities,
  DEFAULT_NOTIFICATION_PREFERENCES,
  defaultNotificationPreferences,
  isValidCustomerRef,
  isWithinQuietHours,
  MILESTONES,
  type NotificationPolicyStore,
} from '../../../activities/notifications/notification-policy';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('notification preferences defaults', () => {
  it('sends every milestone by email and push, parcel news by SMS, with quiet hours 21:00–08:00', () => {
    expect(DEFAULT_NOTIFICATION_PREFERENCES).toEqual({
      channels: {
        email: 'all',
        sms: ['shipped', 'out_for_delivery', 'delivered', 'delivery_attempted', 'available_for_pickup', 'delayed'],
        push: 'all',
      },
      quietHours: { start: '21:00', end: '08:00' },
    });
    expect(channelsFor(DEFAULT_NOTIFICATION_PREFERENCES, 'delivered')).toEqual(['email', 'sms', 'push']);
    expect(channelsFor(DEFAULT_NOTIFICATION_PREFERENCES, 'order_received')).toEqual(['email', 'push']);
  });

  it('hands out copies: changing one never changes the defaults', () => {
    const copy = defaultNotificationPreferences();
    (copy.channels.sms as string[]).push('lost');
    copy.quietHours = null;
    expect(DEFAULT_NOTIFICATION_PREFERENCES.channels.sms).not.toContain('lost');
    expect(DEFAULT_NOTIFICATION_PREFERENCES.quietHours).toEqual({ start: '21:00', end: '08:00' });
    expect(Object.isFrozen(DEFAULT_NOTIFICATION_PREFERENCES.channels.sms)).toBe(true);
  });

  it('knows every milestone of the vocabulary', () => {
    expect(MILESTONES).toContain('dispute_resolved');
    expect(MILESTONES).toHaveLength(12);
  });

  it.each([
    ['cus_123', true],
    ['shop:eu:42', true],
    ['a'.repeat(128), true],
    ['a'.repeat(129), false],
    ['', false],
    ['ann@example.com', false],
    ['with space', false],
  ])('customerRef %s is valid: %s', (ref, valid) => {
    expect(isValidCustomerRef(ref)).toBe(valid);
  });
});

describe('isWithinQuietHours', () => {
  const overnight = { start: '21:00', end: '08:00' };
  it.each([
    ['20:59', false],
    ['21:00', true],
    ['23:59', true],
    ['00:00', true],
    ['07:59', true],
    ['08:00', false],
    ['12:00', false],
  ])('21:00–08:00 at %s: %s', (time, quiet) => {
    expect(isWithinQuietHours(overnight, time)).toBe(quiet);
  });

  it('handles a window within one day, and no window', () => {
    expect(isWithinQuietHours({ start: '13:00', end: '14:00' }, '13:30')).toBe(true);
    expect(isWithinQuietHours({ start: '13:00', end: '14:00' }, '14:00')).toBe(false);
    expect(isWithinQuietHours(null, '03:00')).toBe(false);
  });
});

describe('address hashing', () => {
  it('normalises before hashing, per channel', () => {
    expect(normaliseAddress('email', '  Ann.Lee@Example.COM ')).toBe('ann.lee@example.com');
    expect(hashAddress('email', '  Ann.Lee@Example.COM ')).toBe(sha256('ann.lee@example.com'));
    expect(normaliseAddress('sms', '+1 (415) 555-0123')).toBe('+14155550123');
    expect(hashAddress('sms', '+1 415.555.0123')).toBe(hashAddress('sms', '+14155550123'));
    expect(normaliseAddress('push', ' Cus_ABC ')).toBe('Cus_ABC');
  });

  it('hashes what the customer can be reached on', () => {
    expect(addressHashesOf({ email: 'ann@example.com', phone: '+14155550123', customerRef: 'cus_1' })).toEqual({
      email: sha256('ann@example.com'),
      sms: sha256('+14155550123'),
      push: sha256('cus_1'),
    });
    expect(addressHashesOf({ email: 'ann@example.com' })).toEqual({ email: sha256('ann@example.com') });
  });
});

describe('notificationPreferences activity', () => {
  it('answers the store’s preferences as plain data, and passes the reference through', async () => {
    const stored = { channels: { email: ['delivered' as const], sms: 'none' as const, push: 'all' as const }, quietHours: null };
    const store: NotificationPolicyStore = { preferencesFor: jest.fn().mockResolvedValue(stored), isSuppressed: jest.fn() };
    const { notificationPreferences } = createNotificationPolicyActivities(store);
    const answered = await notificationPreferences({ customerRef: 'cus_1' });
    expect(store.preferencesFor).toHaveBeenCalledWith('cus_1');
    expect(answered).toEqual(stored);
    expect(answered.channels.email).not.toBe(stored.channels.email);
    expect(JSON.parse(JSON.stringify(answered))).toEqual(answered);
  });

  it('answers the defaults without a reference', async () => {
    const store: NotificationPolicyStore = { preferencesFor: jest.fn().mockResolvedValue(defaultNotificationPreferences()), isSuppressed: jest.fn() };
    const answered = await createNotificationPolicyActivities(store).notificationPreferences({});
    expect(store.preferencesFor).toHaveBeenCalledWith(undefined);
    expect(answered).toEqual(DEFAULT_NOTIFICATION_PREFERENCES);
  });
});
