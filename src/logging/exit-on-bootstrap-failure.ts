import { Logger } from '@nestjs/common';

/**
 * The `catch` of a process's bootstrap: says why it could not start, then exits 1. Nest holds log
 * lines while `bufferLogs` is on, until pino takes over; a start-up that failed before then (a port
 * taken, a module that threw) used to exit saying nothing at all. So the held lines are flushed and
 * the error goes straight to stderr.
 */
export function exitOnBootstrapFailure(processName: string): (err: unknown) => never {
  return (err) => {
    Logger.flush();
    const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
    process.stderr.write(`${processName} could not start: ${detail}\n`);
    process.exit(1);
  };
}
