import { NOTIFICATION_SEND_TIMEOUT_MS, OUTBOX_CLAIM_LEASE_MS } from '../../../activities/notifications/outbox';
import { ConfigError, loadConfig } from '../../../src/config/config';
import { PRODUCTION_ENV } from '../../support/config-env';

describe('loadConfig: the notification outbox claim lease', () => {
  it('defaults to two minutes, longer than the send timeout', () => {
    expect(loadConfig({ WAYBILL_ENV: 'development' }).outboxClaimLeaseMs).toBe(OUTBOX_CLAIM_LEASE_MS);
    expect(loadConfig(PRODUCTION_ENV).outboxClaimLeaseMs).toBe(120_000);
    expect(OUTBOX_CLAIM_LEASE_MS).toBeGreaterThan(NOTIFICATION_SEND_TIMEOUT_MS);
  });

  it('lets tests shorten it to a second, so a crashed send is taken over quickly', () => {
    expect(loadConfig({ WAYBILL_ENV: 'test', OUTBOX_CLAIM_LEASE_MS: '5000' }).outboxClaimLeaseMs).toBe(5_000);
    expect(loadConfig({ WAYBILL_ENV: 'development', OUTBOX_CLAIM_LEASE_MS: '1000' }).outboxClaimLeaseMs).toBe(1_000);
    for (const value of ['999', '0', '-5', '1.5', 'soon']) {
      expect(() => loadConfig({ WAYBILL_ENV: 'development', OUTBOX_CLAIM_LEASE_MS: value })).toThrow(/OUTBOX_CLAIM_LEASE_MS/);
    }
  });

  it('refuses, in production, a lease shorter than the send timeout', () => {
    expect(() => loadConfig({ ...PRODUCTION_ENV, OUTBOX_CLAIM_LEASE_MS: '59999' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...PRODUCTION_ENV, OUTBOX_CLAIM_LEASE_MS: '5000' })).toThrow(/OUTBOX_CLAIM_LEASE_MS must be at least 60000/);
    expect(loadConfig({ ...PRODUCTION_ENV, OUTBOX_CLAIM_LEASE_MS: '60000' }).outboxClaimLeaseMs).toBe(60_000);
    expect(loadConfig({ ...PRODUCTION_ENV, OUTBOX_CLAIM_LEASE_MS: '600000' }).outboxClaimLeaseMs).toBe(600_000);
  });
});
