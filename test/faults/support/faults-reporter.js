// @ts-check
const { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { join, relative } = require('node:path');

/**
 * Jest reporter for `npm run test:faults`: each scenario, pass or fail, its duration, the invariants
 * it checked and what it measured, as `.test-output/faults/report.json` and `report.md`. Scenarios
 * record invariants and findings in records.jsonl (fault-record.ts); jest gives pass/fail and times.
 */
class FaultsReporter {
  constructor(globalConfig) {
    this.root = globalConfig.rootDir;
    this.dir = join(this.root, '.test-output', 'faults');
    this.records = join(this.dir, 'records.jsonl');
  }

  onRunStart() {
    mkdirSync(this.dir, { recursive: true });
    rmSync(this.records, { force: true });
  }

  onRunComplete(_contexts, results) {
    const records = existsSync(this.records)
      ? readFileSync(this.records, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line))
      : [];
    const scenarios = results.testResults.flatMap((file) => {
      const path = relative(this.root, file.testFilePath);
      const ownRecords = records.filter((r) => r.testPath === file.testFilePath);
      const tests = file.testResults.map((test) => {
        const mine = ownRecords.filter((r) => r.testName === test.fullName);
        return {
          file: path,
          scenario: test.fullName,
          ci: !path.endsWith('.long.spec.ts'),
          status: test.status,
          durationMs: test.duration ?? null,
          invariants: mine.flatMap((r) => r.invariants ?? []).map((i) => ({ name: i.name, description: i.description, checked: i.checked, held: i.violations.length === 0, violations: i.violations })),
          findings: mine.filter((r) => r.finding).map((r) => r.finding),
          failure: test.failureMessages.length ? test.failureMessages.join('\n').split('\n').slice(0, 12).join('\n') : undefined,
        };
      });
      // A file that failed before any test ran (its beforeAll, a compile error) is a failed scenario too.
      if (tests.length === 0 && file.testExecError) tests.push({ file: path, scenario: '(file)', ci: !path.endsWith('.long.spec.ts'), status: 'failed', durationMs: null, invariants: [], findings: [], failure: file.testExecError.message });
      return tests;
    });
    const report = {
      startedAt: new Date(results.startTime).toISOString(),
      finishedAt: new Date().toISOString(),
      passed: scenarios.filter((s) => s.status === 'passed').length,
      failed: scenarios.filter((s) => s.status === 'failed').length,
      scenarios,
    };
    writeFileSync(join(this.dir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(join(this.dir, 'report.md'), renderMarkdown(report));
    process.stdout.write(`\nFault report: ${relative(process.cwd(), join(this.dir, 'report.md'))} (${report.passed} passed, ${report.failed} failed)\n`);
  }
}

const seconds = (ms) => (ms === null ? '–' : `${(ms / 1000).toFixed(1)} s`);
const cell = (text) => String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');

function renderMarkdown(report) {
  const lines = [
    '# Fault-injection report',
    '',
    `${report.startedAt} to ${report.finishedAt}: ${report.passed} passed, ${report.failed} failed.`,
    '',
    '| Scenario | File | CI | Result | Duration | Invariants held |',
    '| --- | --- | --- | --- | --- | --- |',
    ...report.scenarios.map((s) => {
      const held = s.invariants.length ? `${s.invariants.filter((i) => i.held).length}/${s.invariants.length}` : '–';
      return `| ${cell(s.scenario)} | ${cell(s.file)} | ${s.ci ? 'yes' : 'no'} | ${s.status} | ${seconds(s.durationMs)} | ${held} |`;
    }),
    '',
  ];
  for (const s of report.scenarios) {
    lines.push(`## ${s.scenario}`, '', `${s.status}, ${seconds(s.durationMs)} (${s.file})`, '');
    for (const i of s.invariants) {
      lines.push(`- ${i.held ? '✓' : '✗'} ${i.description}: ${i.checked}`);
      for (const v of i.violations) lines.push(`  - ${v}`);
    }
    for (const f of s.findings) lines.push(`- measured: ${f}`);
    if (s.failure) lines.push('', '```', s.failure, '```');
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

module.exports = FaultsReporter;
