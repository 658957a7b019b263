import type { LogLevel } from '@nestjs/common';

const ORDER: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** Nest wants every level to print, not a threshold. */
export const nestLogLevels = (threshold: LogLevel): LogLevel[] => ORDER.slice(0, ORDER.indexOf(threshold) + 1);
