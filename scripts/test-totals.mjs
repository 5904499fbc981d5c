#!/usr/bin/env node
// Prints one line "N passed, N failed, N skipped" over every package's test reports: jest JSON
// reports (test-reports/jest.json) and bats TAP output (test-reports/*.tap). Exits 1 when a test
// failed or was skipped (a skipped test proves nothing, so it must not leave a run green), or when
// a package has no report; each skipped test is named.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
let passed = 0;
let failed = 0;
const skipped = [];
const missing = [];
for (const pkg of readdirSync(join(root, 'packages'))) {
  const dir = join(root, 'packages', pkg, 'test-reports');
  if (!existsSync(dir)) {
    missing.push(pkg);
    continue;
  }
  for (const file of readdirSync(dir)) {
    const text = readFileSync(join(dir, file), 'utf8');
    if (file.endsWith('.json')) {
      const r = JSON.parse(text);
      passed += r.numPassedTests;
      failed += r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0);
      for (const suite of r.testResults ?? []) {
        for (const t of suite.assertionResults ?? []) {
          if (t.status === 'pending' || t.status === 'todo' || t.status === 'skipped') {
            skipped.push(`${pkg}: ${t.fullName}`);
          }
        }
      }
    } else if (file.endsWith('.tap')) {
      for (const line of text.split('\n')) {
        if (/^ok .*# skip/i.test(line)) skipped.push(`${pkg}: ${line}`);
        else if (/^ok /.test(line)) passed++;
        else if (/^not ok /.test(line)) failed++;
      }
    }
  }
}
if (missing.length > 0) {
  console.error(`no test reports in: ${missing.join(', ')} (did their tests run?)`);
  failed += missing.length;
}
for (const test of skipped) console.error(`skipped: ${test}`);
console.log(`${passed} passed, ${failed} failed, ${skipped.length} skipped`);
process.exit(failed > 0 || skipped.length > 0 ? 1 : 0);
