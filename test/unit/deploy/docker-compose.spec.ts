import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../../../src/infra/tool-paths';

const compose = parse(readFileSync(join(PROJECT_ROOT, 'docker-compose.yml'), 'utf8')) as { services: Record<string, Record<string, unknown>> };
const schema = JSON.parse(readFileSync(join(PROJECT_ROOT, 'test/fixtures/compose-spec/compose-spec.json'), 'utf8'));

describe('docker-compose.yml', () => {
  it('is valid against the Compose Specification schema', () => {
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);
    const valid = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('describes Temporal on PostgreSQL, the Temporal UI, MongoDB, and the api and worker services', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'mongodb', 'postgresql', 'temporal', 'temporal-ui', 'worker']);
    expect(compose.services.temporal.environment).toMatchObject({ DB: 'postgres12' });
    expect(compose.services.api.command).toEqual(['node', 'dist/src/main.api.js']);
    expect(compose.services.worker.command).toEqual(['node', 'dist/src/main.worker.js']);
    expect(compose.services.api.environment).toMatchObject({ WAYBILL_ENV: 'production', TEMPORAL_ADDRESS: 'temporal:7233' });
  });
});
