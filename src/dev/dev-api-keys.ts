import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generateDevApiKeys } from '../auth/api-keys';
import { generateDevCustomerTokenSecrets } from '../auth/customer-token-secrets';
import { generateDevPayloadEncryptionKeys } from '../temporal/payload-encryption/payload-encryption-keys';

/**
 * Development secrets are generated once and kept in the data folder, so a restart of `npm run dev`
 * keeps working with the keys a developer already pasted into their tools, and with the customer
 * links it already handed out.
 */
function loadOrCreate(file: string, generate: () => string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const value = generate();
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  return value;
}

export const loadOrCreateDevApiKeys = (file: string): string => loadOrCreate(file, generateDevApiKeys);

export const loadOrCreateDevCustomerTokenSecrets = (file: string): string => loadOrCreate(file, generateDevCustomerTokenSecrets);

/** Where a data folder keeps its payload encryption key: every process of the stack reads the same one. */
export const devPayloadEncryptionKeysFile = (dataDir: string): string => join(dataDir, 'dev-payload-encryption-keys');

/**
 * The key API and worker encrypt Temporal payloads with, kept so that after a restart both can
 * still read every history written before it.
 */
export const loadOrCreateDevPayloadEncryptionKeys = (dataDir: string): string => loadOrCreate(devPayloadEncryptionKeysFile(dataDir), generateDevPayloadEncryptionKeys);
