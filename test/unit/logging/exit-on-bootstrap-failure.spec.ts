import { Logger } from '@nestjs/common';
import { exitOnBootstrapFailure } from '../../../src/logging/exit-on-bootstrap-failure';

describe('exitOnBootstrapFailure', () => {
  it('flushes the held log lines, prints why the process could not start, and exits 1', () => {
    const flush = jest.spyOn(Logger, 'flush').mockImplementation(() => undefined);
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const exit = jest.spyOn(process, 'exit').mockImplementation(() => undefined as never);
    try {
      exitOnBootstrapFailure('Waybill worker')(new Error('listen EADDRINUSE: address already in use 127.0.0.1:9464'));
      expect(flush).toHaveBeenCalled();
      expect(String(stderr.mock.calls[0][0])).toMatch(/^Waybill worker could not start: Error: listen EADDRINUSE: address already in use 127\.0\.0\.1:9464\n/);
      expect(exit).toHaveBeenCalledWith(1);
    } finally {
      flush.mockRestore();
      stderr.mockRestore();
      exit.mockRestore();
    }
  });
});
