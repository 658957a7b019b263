#!/usr/bin/env node
// Prints the CI summary line from jest's JSON results: "Tests: N passed, M failed[, K skipped]".
// A suite that crashed before running its tests counts as one failure, so it can never pass unseen.
'use strict';
const { readFileSync } = require('node:fs');

const file = process.argv[2] ?? '.test-output/jest-results.json';
let results;
try {
  results = JSON.parse(readFileSync(file, 'utf8'));
} catch (err) {
  console.error(`No test results at ${file}: the test run did not get as far as jest (${err.message}).`);
  process.exit(1);
}
// Name what failed just above the summary, where a truncated CI log still shows it.
for (const suite of results.testResults ?? []) {
  const failures = (suite.assertionResults ?? []).filter((test) => test.status === 'failed');
  if (failures.length === 0 && suite.status === 'failed') console.log(`FAILED suite ${suite.name}: ${firstLine(suite.message)}`);
  for (const test of failures) console.log(`FAILED ${suite.name} › ${test.fullName}: ${firstLine(test.failureMessages?.[0])}`);
}
function firstLine(text) {
  // eslint-disable-next-line no-control-regex
  const plain = String(text ?? '').replace(/\u001b\[[0-9;]*m/g, '').trim();
  return plain.split('\n').find((line) => line.trim() !== '')?.trim().slice(0, 300) ?? '';
}

const crashedSuites = results.numRuntimeErrorTestSuites ?? 0;
const passed = results.numPassedTests;
const failed = results.numFailedTests + crashedSuites;
const skipped = (results.numPendingTests ?? 0) + (results.numTodoTests ?? 0);
console.log(`Tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || !results.success ? 1 : 0);
