import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PROJECT_ROOT } from '../../../src/infra/tool-paths';

/**
 * What each scenario checked and measured, for the suite's report. Jest runs test files in worker
 * processes and hands the reporter only pass/fail, so scenarios append lines here and the reporter
 * (faults-reporter.js) joins them to jest's results by file and test name.
 */
export const FAULT_RECORDS = join(PROJECT_ROOT, '.test-output', 'faults', 'records.jsonl');

export interface FaultRecord {
  testPath: string;
  testName: string;
  invariants?: Array<{ name: string; description: string; checked: string; violations: string[] }>;
  finding?: string;
}

function append(record: Omit<FaultRecord, 'testPath' | 'testName'>): void {
  const { testPath = 'unknown', currentTestName = 'unknown' } = expect.getState();
  mkdirSync(dirname(FAULT_RECORDS), { recursive: true });
  appendFileSync(FAULT_RECORDS, `${JSON.stringify({ testPath, testName: currentTestName, ...record })}\n`);
}

export function recordInvariants(results: NonNullable<FaultRecord['invariants']>): void {
  append({ invariants: results });
}

/** Something the scenario measured, e.g. "the API answered 503 to 14 requests while MongoDB was down". */
export function recordFinding(finding: string): void {
  append({ finding });
}
