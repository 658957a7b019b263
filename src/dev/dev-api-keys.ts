import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { generateDevApiKeys } from '../auth/api-keys';

/**
 * Development keys are generated once and kept in the data folder, so a restart of `npm run dev`
 * keeps working with the keys a developer already pasted into their tools.
 */
export function loadOrCreateDevApiKeys(file: string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const keys = generateDevApiKeys();
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${keys}\n`, { mode: 0o600 });
  return keys;
}
