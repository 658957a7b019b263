import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../../src/infra/tool-paths';

/**
 * Type checking and linting run as tests, so `npm test` (and CI) fails on them like on any other
 * broken promise: among the lint rules is the ban on Node, Nest, mongoose and value imports of
 * activities/ or src/ inside the workflow sandbox.
 */
describe('static checks', () => {
  it('type-checks the whole project, tests included', async () => {
    const tsc = require.resolve('typescript/bin/tsc');
    await expect(promisify(execFile)(process.execPath, [tsc, '--noEmit', '-p', 'tsconfig.json'], { cwd: PROJECT_ROOT })).resolves.toBeDefined();
  }, 120_000);

  it('passes ESLint with no errors', async () => {
    // ESLint loads its config as ESM, which jest's module sandbox cannot, so it runs as its own process.
    const eslint = join(PROJECT_ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');
    const run = promisify(execFile)(process.execPath, [eslint, '--format', 'json', '.'], { cwd: PROJECT_ROOT, maxBuffer: 64 * 1024 * 1024 });
    const { stdout } = await run.catch((err: { stdout?: string }) => ({ stdout: err.stdout ?? '[]' }));
    const results = JSON.parse(stdout) as Array<{ filePath: string; errorCount: number; messages: Array<{ line: number; column: number; ruleId: string | null; message: string }> }>;
    const errors = results
      .filter((r) => r.errorCount > 0)
      .flatMap((r) => r.messages.map((m) => `${r.filePath}:${m.line}:${m.column} ${m.ruleId ?? ''} ${m.message}`));
    expect(errors).toEqual([]);
  }, 180_000);
});
