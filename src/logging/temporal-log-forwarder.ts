import type { LoggerService } from '@nestjs/common';
import { DefaultLogger, type LogEntry, type LogLevel as TemporalLogLevel } from '@temporalio/worker';
import { isCorrelationId } from '../../workflows/shared/correlation';
import { runWithCorrelationId } from './correlation-context';
import { scrubContactDetails } from './log-redaction';

/** Where Waybill's own lines come from: `log` in activities and workflows. The SDK's own there are DEBUG or WARN and up. */
const APPLICATION_COMPONENTS = new Set(['activity', 'workflow']);

/**
 * Temporal's log entries through Nest's logger, so both read the same in the console. Temporal's
 * INFO level narrates every worker state change and webpack run, so INFO passes only from
 * activities and workflows (their "Notification sent", "Escrow settled"…); WARN and up from
 * everywhere. An entry's correlation ID (set by the interceptors, docs/observability.md) becomes a
 * field of the line, as it is for lines written inside the activity.
 */
export function temporalLogForwarder(logger: LoggerService): DefaultLogger {
  const forward: Record<TemporalLogLevel, (message: string) => void> = {
    TRACE: (m) => logger.verbose?.(m),
    DEBUG: (m) => logger.debug?.(m),
    INFO: (m) => logger.log(m),
    WARN: (m) => logger.warn(m),
    ERROR: (m) => logger.error(m),
  };
  return new DefaultLogger('INFO', (entry: LogEntry) => {
    if (entry.message.startsWith('No workflows registered')) return; // carrier queues are activity-only by design
    if (entry.level === 'INFO' && !APPLICATION_COMPONENTS.has(String(entry.meta?.sdkComponent))) return;
    const meta = entry.meta ? ` ${JSON.stringify(entry.meta)}` : '';
    const correlationId = isCorrelationId(entry.meta?.correlationId) ? entry.meta.correlationId : undefined;
    // Activity failures are logged with their message, which may quote a customer's address.
    runWithCorrelationId(correlationId, () => forward[entry.level](scrubContactDetails(`${entry.message}${meta}`)));
  });
}
