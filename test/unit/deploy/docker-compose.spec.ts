import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { parse } from 'yaml';
import { loadConfig } from '../../../src/config/config';
import { PROJECT_ROOT } from '../../../src/infra/tool-paths';

type Service = Record<string, unknown> & { environment?: Record<string, string | null>; healthcheck?: { test: string[] }; profiles?: string[] };

const text = readFileSync(join(PROJECT_ROOT, 'docker-compose.yml'), 'utf8');
// Compose resolves YAML merge keys (`<<: *waybill-env`); YAML 1.2 parsers need to be told to.
const compose = parse(text, { merge: true }) as { services: Record<string, Service> };
const schema = JSON.parse(readFileSync(join(PROJECT_ROOT, 'test/fixtures/compose-spec/compose-spec.json'), 'utf8'));
const { services } = compose;

const CARRIERS = ['ups', 'fedex', 'dhl', 'usps'];
const WAYBILL_SERVICES = ['api', 'worker', ...CARRIERS.map((c) => `worker-${c}`)];
const DATASTORES = ['postgresql', 'mongodb-1', 'mongodb-2', 'mongodb-3'];

/** What an operator's shell would hold: a valid value for every variable the file requires with `:?`. */
const OPERATOR_SHELL: Record<string, string> = {
  WAYBILL_API_KEYS: 'platform:compose_platform_key_01,support:compose_support_key_01,admin:compose_admin_key_0001',
  CUSTOMER_TOKEN_SECRETS: 'k1:compose-spec-customer-token-secret-0123456789',
  PAYLOAD_ENCRYPTION_KEYS: 'k1:Y29tcG9zZS1zcGVjLXByb2R1Y3Rpb24ta2V5LTMyYiE=',
  SESSION_SECRET: 'compose-spec-session-secret-0123456789abcdef',
  SMTP_URL: 'smtp://user:pass@smtp.example.com:587',
  UPS_CLIENT_ID: 'ups-client',
  UPS_CLIENT_SECRET: 'ups-secret',
};

/** The same shell with the opt-in carriers credentialed too, as it must be to start their workers. */
const EVERY_CARRIER_SHELL: Record<string, string> = {
  ...OPERATOR_SHELL,
  FEDEX_BASE_URL: 'https://apis.fedex.com',
  FEDEX_CLIENT_ID: 'fedex-client',
  FEDEX_CLIENT_SECRET: 'fedex-secret',
  DHL_BASE_URL: 'https://api-eu.dhl.com',
  DHL_API_KEY: 'dhl-key',
  USPS_BASE_URL: 'https://apis.usps.com',
  USPS_CLIENT_ID: 'usps-client',
  USPS_CLIENT_SECRET: 'usps-secret',
};

/**
 * A service's environment as Compose would hand it to the container, given `shell`: `${VAR:-default}`
 * and `${VAR:?error}` interpolated, a variable without a value passed through only when the shell has it.
 */
function containerEnv(service: Service, shell: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, raw] of Object.entries(service.environment ?? {})) {
    if (raw === null) {
      if (shell[name] !== undefined) env[name] = shell[name];
      continue;
    }
    env[name] = String(raw).replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_, variable: string, kind?: string, rest?: string) => {
      if (shell[variable]) return shell[variable];
      if (kind === '?') throw new Error(`${variable} is required: ${rest}`);
      return kind === '-' ? (rest ?? '') : '';
    });
  }
  return env;
}

/** Every `${VAR:?…}` in the file: what `docker compose up` refuses to start without. */
const requiredVariables = [...new Set([...text.matchAll(/\$\{(\w+):\?/g)].map((m) => m[1]))].sort();

describe('docker-compose.yml', () => {
  it('is valid against the Compose Specification schema', () => {
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);
    const valid = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('describes Temporal on PostgreSQL with its schema and namespace jobs, the UI, a MongoDB replica set, the api, the main worker and a worker per carrier', () => {
    expect(Object.keys(services).sort()).toEqual(
      [
        'postgresql',
        'temporal-schema',
        'temporal',
        'temporal-namespace',
        'temporal-ui',
        'mongodb-1',
        'mongodb-2',
        'mongodb-3',
        'mongodb-init',
        ...WAYBILL_SERVICES,
      ].sort(),
    );
    // temporalio/auto-setup is retired upstream: the server image, with the schema set up by admin-tools.
    expect(services.temporal.image).toMatch(/^temporalio\/server:\d+\.\d+\.\d+$/);
    expect(services['temporal-schema'].image).toBe(String(services.temporal.image).replace('server', 'admin-tools'));
    expect(services.temporal.environment).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgresql' });
    expect(services.temporal.depends_on).toEqual({ 'temporal-schema': { condition: 'service_completed_successfully' } });
    expect(services['temporal-ui'].environment).toMatchObject({ TEMPORAL_CODEC_ENDPOINT: '${PUBLIC_BASE_URL:-http://localhost:3000}/codec', TEMPORAL_CODEC_INCLUDE_CREDENTIALS: 'true' });
    expect(services.api.command).toEqual(['node', 'dist/src/main.api.js']);
    for (const name of WAYBILL_SERVICES.filter((s) => s !== 'api')) expect(services[name].command).toEqual(['node', 'dist/src/main.worker.js']);
  });

  it('gives every Waybill service and datastore a health check: the API its readiness, the workers their /health', () => {
    for (const name of [...WAYBILL_SERVICES, ...DATASTORES, 'temporal']) expect(services[name].healthcheck?.test.length).toBeGreaterThan(0);
    expect(services.api.healthcheck?.test.join(' ')).toContain('http://127.0.0.1:3000/health/ready');
    for (const name of WAYBILL_SERVICES.filter((s) => s !== 'api')) expect(services[name].healthcheck?.test.join(' ')).toContain('http://127.0.0.1:9464/health');
    for (const name of WAYBILL_SERVICES) {
      expect(services[name].depends_on).toMatchObject({ temporal: { condition: 'service_healthy' }, 'mongodb-init': { condition: 'service_completed_successfully' } });
    }
  });

  it('runs MongoDB as the replica set rs0, initiated once, and names it in the connection string', () => {
    for (const name of ['mongodb-1', 'mongodb-2', 'mongodb-3']) expect(services[name].command).toEqual(['mongod', '--replSet', 'rs0', '--bind_ip_all']);
    expect(JSON.stringify(services['mongodb-init'].command)).toMatch(/NotYetInitialized[\s\S]*rs\.initiate/);
    // A seed list is not a WHATWG URL: read it as the driver's connection string format.
    const [, hosts, database, options] = /^mongodb:\/\/([^/]+)\/(\w+)\?(.+)$/.exec(containerEnv(services.api, OPERATOR_SHELL).MONGODB_URI) ?? [];
    expect(hosts?.split(',')).toEqual(['mongodb-1:27017', 'mongodb-2:27017', 'mongodb-3:27017']);
    expect(database).toBe('waybill');
    expect(new URLSearchParams(options).get('replicaSet')).toBe('rs0');
  });

  it('splits the task queues: the main worker serves only the main queue, each carrier worker only its own', () => {
    expect(containerEnv(services.worker, OPERATOR_SHELL).WORKER_TASK_QUEUES).toBe('main');
    for (const carrier of CARRIERS) expect(containerEnv(services[`worker-${carrier}`], OPERATOR_SHELL).WORKER_TASK_QUEUES).toBe(`carrier:${carrier}`);
    // UPS is required and always on; the other carriers start with their profile, once credentialed.
    expect(services['worker-ups'].profiles).toBeUndefined();
    for (const carrier of ['fedex', 'dhl', 'usps']) expect(services[`worker-${carrier}`].profiles).toEqual([carrier]);
  });

  it('provides every variable the processes require in production, and refuses to start without each secret', () => {
    expect(requiredVariables).toEqual(Object.keys(OPERATOR_SHELL).sort());
    for (const name of WAYBILL_SERVICES) {
      const env = containerEnv(services[name], EVERY_CARRIER_SHELL);
      expect(env.WAYBILL_ENV).toBe('production');
      // loadConfig is the single judge of what production requires: it must accept each container's environment.
      const config = loadConfig(env);
      expect(config.env).toBe('production');
      expect(config.mongodbUri).toBe(env.MONGODB_URI);
      expect(Object.keys(config.carriers).filter((c) => config.carriers[c as keyof typeof config.carriers])).toEqual(CARRIERS);
    }
    expect(loadConfig(containerEnv(services.api, OPERATOR_SHELL)).session.secret).toBe(OPERATOR_SHELL.SESSION_SECRET);
    expect(loadConfig(containerEnv(services['worker-ups'], OPERATOR_SHELL)).workerTaskQueues).toEqual({ main: false, carriers: ['ups'] });
    for (const variable of requiredVariables) {
      const { [variable]: _missing, ...shell } = OPERATOR_SHELL;
      expect(() => WAYBILL_SERVICES.map((name) => containerEnv(services[name], shell))).toThrow(`${variable} is required`);
    }
  });

  it('starts a carrier worker only with its carrier credentialed, passing the credentials through from the shell', () => {
    const dhlShell = { ...OPERATOR_SHELL, DHL_BASE_URL: 'https://api-eu.dhl.com', DHL_API_KEY: 'dhl-key' };
    expect(loadConfig(containerEnv(services['worker-dhl'], dhlShell)).workerTaskQueues).toEqual({ main: false, carriers: ['dhl'] });
    expect(loadConfig(containerEnv(services.worker, dhlShell)).carriers.dhl).toMatchObject({ baseUrl: 'https://api-eu.dhl.com', apiKey: 'dhl-key' });
    // Without them the worker stops at start with a message naming what is missing.
    expect(() => loadConfig(containerEnv(services['worker-dhl'], OPERATOR_SHELL))).toThrow(/carrier:dhl, but DHL has no credentials/);
  });

  it('builds an image that carries the prebuilt workflow bundle production workers run', () => {
    const dockerfile = readFileSync(join(PROJECT_ROOT, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/RUN npm run build/);
    expect(dockerfile).toMatch(/COPY --from=build \/app\/dist \.\/dist/);
    expect(dockerfile).toMatch(/RUN test -s dist\/workflow-bundle\.js/);
  });
});
