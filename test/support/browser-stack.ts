import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allocatePorts, startDevStack, type RunningStack, type StackPorts } from './dev-stack-process';
import { httpClient } from './http-client';

/*
 * The real stack for a browser spec: the launcher `npm run dev` runs (Temporal, FerretDB, worker and
 * API with the sandbox), from `dist/`, on private ports and a private data folder, started in the
 * describe block's beforeAll and stopped in its afterAll. Orders are made through the platform API,
 * parcels through the sandbox's control API, as an ecommerce platform and a developer would.
 */

export type StackApi = ReturnType<typeof httpClient>;

export interface BrowserStack {
  readonly stack: RunningStack;
  readonly ports: StackPorts;
  readonly api: StackApi;
  readonly baseUrl: string;
}

/** The stack's polling of parcels in every phase before delivery, every `ms`: each second to see scans at once, hourly to leave them to pushes. */
export const pollingEvery = (ms: number): Record<string, string> => ({
  POLL_INTERVAL_PRE_TRANSIT_MS: String(ms),
  POLL_INTERVAL_IN_TRANSIT_MS: String(ms),
  POLL_INTERVAL_OUT_FOR_DELIVERY_MS: String(ms),
  POLL_INTERVAL_ATTEMPT_FAILED_MS: String(ms),
});

export function useBrowserStack(name: string, env: NodeJS.ProcessEnv = {}): BrowserStack {
  let dataDir = '';
  let stack: RunningStack | undefined;
  let ports: StackPorts | undefined;
  let api: StackApi | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), `waybill-browser-${name}-`));
    ports = await allocatePorts();
    stack = await startDevStack(dataDir, ports, env);
    api = httpClient(stack.apiUrl);
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  const running = (): RunningStack => {
    if (!stack) throw new Error('The stack is used before its beforeAll has run');
    return stack;
  };
  return {
    get stack() {
      return running();
    },
    get ports() {
      running();
      return ports as StackPorts;
    },
    get api() {
      running();
      return api as StackApi;
    },
    get baseUrl() {
      return running().apiUrl;
    },
  };
}

export interface NewOrderOptions {
  escrow?: boolean;
  email?: string;
}

/** An order as the platform reports it: a customer (never shown to the tracking page), a promise ten days out, an escrow. */
export const orderBody = (orderId: string, { escrow = true, email = `${orderId.toLowerCase()}@example.com` }: NewOrderOptions = {}) => ({
  orderId,
  customer: { name: 'Ada Lovelace', email, locale: 'en-US', timeZone: 'America/New_York' },
  promisedDeliveryDate: new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10),
  ...(escrow ? { escrow: { amount: 12999, currency: 'USD' } } : {}),
});

/** Fails with the answer's status and body, which say more than a bare status mismatch. */
export function expectStatus(result: { status: number; body: unknown }, status: number, what: string): void {
  if (result.status !== status) throw new Error(`${what}: expected HTTP ${status}, got ${result.status} ${JSON.stringify(result.body)}`);
}
