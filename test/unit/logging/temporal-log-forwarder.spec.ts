import type { LoggerService } from '@nestjs/common';
import { currentCorrelationId } from '../../../src/logging/correlation-context';
import { temporalLogForwarder } from '../../../src/logging/temporal-log-forwarder';

describe('temporalLogForwarder', () => {
  const received: Array<{ level: string; message: string; correlationId?: string }> = [];
  const record = (level: string) => (message: unknown) => received.push({ level, message: String(message), correlationId: currentCorrelationId() });
  const nest: LoggerService = { log: record('log'), warn: record('warn'), error: record('error'), debug: record('debug'), verbose: record('verbose') };
  const logger = temporalLogForwarder(nest);
  beforeEach(() => (received.length = 0));

  it('passes activities’ and workflows’ own INFO lines, under their correlation ID, and not the SDK’s narration', () => {
    logger.info('Notification sent', { sdkComponent: 'activity', activityType: 'sendNotification', correlationId: 'req-42' });
    logger.info('Workflow bundle created', { sdkComponent: 'worker' });
    logger.info('Worker state changed');
    logger.warn('Activity heartbeat timed out', { sdkComponent: 'worker' });
    expect(received.map((r) => [r.level, r.message.split(' {')[0], r.correlationId])).toEqual([
      ['log', 'Notification sent', 'req-42'],
      ['warn', 'Activity heartbeat timed out', undefined],
    ]);
  });

  it('ignores a malformed correlation ID and still masks contact details', () => {
    logger.error('SMTP refused ada@example.com', { sdkComponent: 'activity', correlationId: 'bad id\n' });
    expect(received).toEqual([{ level: 'error', message: expect.stringContaining('SMTP refused [email]') as string, correlationId: undefined }]);
  });
});
