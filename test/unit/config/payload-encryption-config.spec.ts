import { ConfigError, loadConfig } from '../../../src/config/config';
import { parsePayloadEncryptionKeys, TEST_ONLY_PAYLOAD_ENCRYPTION_KEYS } from '../../../src/temporal/payload-encryption/payload-encryption-keys';
import { PRODUCTION_ENV } from '../../support/config-env';

const KEYS = `k2:${Buffer.alloc(32, 2).toString('base64')},k1:${Buffer.alloc(32, 1).toString('base64')}`;

describe('loadConfig: payload encryption and the Temporal UI origin', () => {
  it('requires PAYLOAD_ENCRYPTION_KEYS in production and takes it as given', () => {
    const { PAYLOAD_ENCRYPTION_KEYS: _keys, ...withoutKeys } = PRODUCTION_ENV;
    expect(() => loadConfig(withoutKeys)).toThrow(new ConfigError('PAYLOAD_ENCRYPTION_KEYS is required when WAYBILL_ENV=production.'));
    expect(loadConfig({ ...PRODUCTION_ENV, PAYLOAD_ENCRYPTION_KEYS: KEYS }).temporal.payloadEncryptionKeys).toBe(KEYS);
  });

  it('refuses a malformed key ring at start-up, in every environment', () => {
    expect(() => loadConfig({ ...PRODUCTION_ENV, PAYLOAD_ENCRYPTION_KEYS: 'k1:not-base64' })).toThrow(ConfigError);
    expect(() => loadConfig({ WAYBILL_ENV: 'development', PAYLOAD_ENCRYPTION_KEYS: 'k1:c2hvcnQ=' })).toThrow(/32 random bytes/);
  });

  it('refuses the committed test key in production, under any ID', () => {
    const testKey = parsePayloadEncryptionKeys(TEST_ONLY_PAYLOAD_ENCRYPTION_KEYS)[0];
    const renamed = `prod:${Buffer.from(testKey.material).toString('base64')}`;
    expect(() => loadConfig({ ...PRODUCTION_ENV, PAYLOAD_ENCRYPTION_KEYS: TEST_ONLY_PAYLOAD_ENCRYPTION_KEYS })).toThrow(/public test key/);
    expect(() => loadConfig({ ...PRODUCTION_ENV, PAYLOAD_ENCRYPTION_KEYS: `${KEYS},${renamed}` })).toThrow(/public test key/);
    expect(loadConfig({ WAYBILL_ENV: 'test', PAYLOAD_ENCRYPTION_KEYS: TEST_ONLY_PAYLOAD_ENCRYPTION_KEYS }).temporal.payloadEncryptionKeys).toBe(TEST_ONLY_PAYLOAD_ENCRYPTION_KEYS);
  });

  it('generates a development key per process when none is given', () => {
    const first = loadConfig({ WAYBILL_ENV: 'development' }).temporal.payloadEncryptionKeys;
    const second = loadConfig({ WAYBILL_ENV: 'development' }).temporal.payloadEncryptionKeys;
    expect(parsePayloadEncryptionKeys(first)).toHaveLength(1);
    expect(first).not.toBe(second);
  });

  it('takes TEMPORAL_UI_ORIGIN only as a bare origin', () => {
    expect(loadConfig(PRODUCTION_ENV).temporal.uiOrigin).toBeUndefined();
    expect(loadConfig({ ...PRODUCTION_ENV, TEMPORAL_UI_ORIGIN: 'https://temporal.example.com' }).temporal.uiOrigin).toBe('https://temporal.example.com');
    expect(loadConfig({ ...PRODUCTION_ENV, TEMPORAL_UI_ORIGIN: 'http://127.0.0.1:8233' }).temporal.uiOrigin).toBe('http://127.0.0.1:8233');
    for (const bad of ['https://temporal.example.com/', 'https://temporal.example.com/ui', 'temporal.example.com', 'ftp://temporal.example.com', '*']) {
      expect(() => loadConfig({ ...PRODUCTION_ENV, TEMPORAL_UI_ORIGIN: bad })).toThrow(/TEMPORAL_UI_ORIGIN: must be an origin/);
    }
  });
});
