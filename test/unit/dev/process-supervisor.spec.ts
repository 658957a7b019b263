import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProcessSupervisor, waitForPort } from '../../../src/dev/process-supervisor';
import { freePort } from '../../support/free-port';

/** A node one-liner that crashes (exit 2, like a Go panic) until `marker` exists, then listens on `port`. */
function flakyServer(marker: string, port: number, crashes: number): string[] {
  const script = `
    const fs = require('node:fs');
    const count = fs.existsSync(${JSON.stringify(marker)}) ? Number(fs.readFileSync(${JSON.stringify(marker)}, 'utf8')) : 0;
    fs.writeFileSync(${JSON.stringify(marker)}, String(count + 1));
    if (count < ${crashes}) { console.error('panic: listen tcp: address already in use (try ' + (count + 1) + ')'); process.exit(2); }
    require('node:net').createServer().listen(${port}, '127.0.0.1');`;
  return ['-e', script];
}

describe('ProcessSupervisor.startWithRetries', () => {
  let supervisor: ProcessSupervisor;
  let dir: string;
  const unexpected: string[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'waybill-supervisor-'));
    supervisor = new ProcessSupervisor();
    unexpected.length = 0;
    supervisor.whenAnyExitsUnexpectedly((name, code) => unexpected.push(`${name}:${code}`));
  });

  afterEach(async () => {
    await supervisor.stopAll();
  });

  it('starts again a process that died while starting, without reporting it as an unexpected exit', async () => {
    const port = await freePort();
    const marker = join(dir, 'attempts');
    const log = join(dir, 'server.log');
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await supervisor.startWithRetries(
        { name: 'server', command: process.execPath, args: flakyServer(marker, port, 1), output: { file: log } },
        () => waitForPort('127.0.0.1', port, 10_000, 'server'),
        3,
      );
      expect(readFileSync(marker, 'utf8')).toBe('2');
      expect(unexpected).toEqual([]);
      const printed = stderr.mock.calls.map(([chunk]) => String(chunk)).join('');
      expect(printed).toContain('[server] exited while starting (code 2), attempt 1 of 3');
      expect(printed).toContain('panic: listen tcp: address already in use (try 1)');
    } finally {
      stderr.mockRestore();
    }
  }, 20_000);

  it('gives up after the last attempt and reports the exit', async () => {
    const port = await freePort();
    const marker = join(dir, 'attempts');
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await expect(
        supervisor.startWithRetries(
          { name: 'server', command: process.execPath, args: flakyServer(marker, port, 5), output: { file: join(dir, 'server.log') } },
          () => waitForPort('127.0.0.1', port, 10_000, 'server'),
          2,
        ),
      ).rejects.toThrow('server exited while starting, 2 times');
      expect(readFileSync(marker, 'utf8')).toBe('2');
      expect(unexpected).toEqual(['server:2']);
    } finally {
      stderr.mockRestore();
    }
  }, 20_000);

  it('reports a process that dies after it started as unexpected', async () => {
    const port = await freePort();
    const child = await supervisor.startWithRetries(
      { name: 'server', command: process.execPath, args: flakyServer(join(dir, 'attempts'), port, 0), output: { file: join(dir, 'server.log') } },
      () => waitForPort('127.0.0.1', port, 10_000, 'server'),
      3,
    );
    process.kill(child.pid!, 'SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(unexpected).toEqual(['server:null']);
    expect(existsSync(join(dir, 'server.log'))).toBe(true);
  }, 20_000);
});
