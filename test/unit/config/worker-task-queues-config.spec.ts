import { ConfigError, loadConfig } from '../../../src/config/config';
import { PRODUCTION_ENV } from '../../support/config-env';

describe('loadConfig: WORKER_TASK_QUEUES, the queues a worker process polls', () => {
  const DHL = { DHL_BASE_URL: 'https://api-eu.dhl.com', DHL_API_KEY: 'dhl-key' };

  it('defaults to every queue: the main one and each configured carrier', () => {
    expect(loadConfig({ WAYBILL_ENV: 'development' }).workerTaskQueues).toEqual({ main: true, carriers: ['ups', 'fedex', 'dhl', 'usps'] });
    expect(loadConfig(PRODUCTION_ENV).workerTaskQueues).toEqual({ main: true, carriers: ['ups'] });
    expect(loadConfig({ ...PRODUCTION_ENV, ...DHL }).workerTaskQueues).toEqual({ main: true, carriers: ['ups', 'dhl'] });
    expect(loadConfig({ ...PRODUCTION_ENV, WORKER_TASK_QUEUES: ' ' }).workerTaskQueues).toEqual({ main: true, carriers: ['ups'] });
  });

  it('narrows a process to the main queue, or to one or more carrier queues', () => {
    expect(loadConfig({ ...PRODUCTION_ENV, WORKER_TASK_QUEUES: 'main' }).workerTaskQueues).toEqual({ main: true, carriers: [] });
    expect(loadConfig({ ...PRODUCTION_ENV, WORKER_TASK_QUEUES: 'carrier:ups' }).workerTaskQueues).toEqual({ main: false, carriers: ['ups'] });
    expect(loadConfig({ ...PRODUCTION_ENV, ...DHL, WORKER_TASK_QUEUES: ' carrier:dhl , carrier:ups,carrier:ups' }).workerTaskQueues).toEqual({ main: false, carriers: ['ups', 'dhl'] });
    expect(loadConfig({ WAYBILL_ENV: 'development', WORKER_TASK_QUEUES: 'main,carrier:usps' }).workerTaskQueues).toEqual({ main: true, carriers: ['usps'] });
  });

  it('refuses a queue it does not know, naming the ones it does', () => {
    for (const spec of ['ups', 'carrier:royalmail', 'main,', 'MAIN', 'carrier-ups', 'all']) {
      expect(() => loadConfig({ ...PRODUCTION_ENV, WORKER_TASK_QUEUES: spec })).toThrow(ConfigError);
    }
    expect(() => loadConfig({ ...PRODUCTION_ENV, WORKER_TASK_QUEUES: 'main,carrier:royalmail' })).toThrow(
      /WORKER_TASK_QUEUES: unknown queue "carrier:royalmail"; use a comma list of main, carrier:ups, carrier:fedex, carrier:dhl, carrier:usps/,
    );
  });

  it('refuses a carrier queue whose carrier has no credentials: that worker could not make a single call', () => {
    expect(() => loadConfig({ ...PRODUCTION_ENV, WORKER_TASK_QUEUES: 'carrier:dhl' })).toThrow(/WORKER_TASK_QUEUES names carrier:dhl, but DHL has no credentials \(DHL_\*\)/);
    expect(() => loadConfig({ ...PRODUCTION_ENV, WORKER_TASK_QUEUES: 'main,carrier:fedex,carrier:usps' })).toThrow(/carrier:fedex, carrier:usps/);
  });
});
