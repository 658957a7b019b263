import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LogLevel } from '@nestjs/common';
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import type { Options as HttpLoggerOptions } from 'pino-http';
import { pinoLevel } from '../config/log-levels';
import { correlationLogFields } from './correlation-context';
import { REDACT_CENSOR, REDACT_PATHS, redactUrl, truncateIp } from './log-redaction';
import { requestIdFor } from './request-id';

/**
 * The process's logger: JSON lines on stdout (or `destination`, for tests), one object per entry,
 * at LOG_LEVEL, with the service's name, ISO times, level names, and log-redaction.ts's rules.
 * Lines written for a request or an activity carry its correlation ID (and trace ID when tracing).
 */
export function createRootLogger(service: 'api' | 'worker', level: LogLevel, destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    level: pinoLevel(level),
    base: { service, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin: correlationLogFields,
    redact: { paths: REDACT_PATHS, censor: REDACT_CENSOR },
  };
  return destination ? pino(options, destination) : pino(options);
}

type LoggedRequest = IncomingMessage & { ip?: string; principal?: { keyId: string } };

/** pino-std-serializers hands custom serializers its own object, with the request under `raw`. */
interface SerializedRequest {
  method?: string;
  url?: string;
  raw?: LoggedRequest;
}

/** Health probes and metrics scrapes come every few seconds from the orchestrator and Prometheus, and say nothing. */
const isProbe = (request: IncomingMessage): boolean => (request.url ?? '').startsWith('/health/') || /^\/metrics(\?|$)/.test(request.url ?? '');

/**
 * One line per request when it completes: request ID, method, URL with tokens cut out, status,
 * duration, the caller's key ID once authenticated, and the client's network (not its address).
 * Headers and bodies are never logged; an `X-Request-Id` is answered on every response.
 */
export function httpLoggerOptions(logger: Logger): HttpLoggerOptions {
  return {
    logger,
    genReqId: requestIdFor,
    quietReqLogger: true,
    autoLogging: { ignore: isProbe },
    customLogLevel: (_request, response, err) => (err || response.statusCode >= 500 ? 'error' : 'info'),
    customProps: (request) => {
      const keyId = (request as LoggedRequest).principal?.keyId;
      return keyId ? { keyId } : {};
    },
    serializers: {
      req: (request: SerializedRequest) => ({
        method: request.method,
        url: redactUrl(request.url ?? ''),
        client: truncateIp(request.raw?.ip ?? request.raw?.socket?.remoteAddress),
      }),
      res: (response: ServerResponse | { statusCode?: number }) => ({ statusCode: response.statusCode }),
    },
  };
}
