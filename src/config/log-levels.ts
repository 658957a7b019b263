import type { LogLevel } from '@nestjs/common';

const PINO_LEVELS = { fatal: 'fatal', error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace' } as const satisfies Record<LogLevel, string>;

/** LOG_LEVEL in pino's terms (nestjs-pino writes Nest's `log` as `info` and `verbose` as `trace`). */
export const pinoLevel = (threshold: LogLevel): (typeof PINO_LEVELS)[LogLevel] => PINO_LEVELS[threshold];
