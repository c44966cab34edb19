/**
 * The README's test command (`npm test`): type-check, lint, unit tests, build, end-to-end
 * tests in Chromium, then ONE summary line for all suites together:
 *   N passed, N failed, N skipped
 * Static checks (type-check, lint, build) count as one test each.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
mkdirSync(join(root, 'test-results'), { recursive: true });

function run(label, cmd, args, env = {}) {
  console.log(`\n=== ${label}`);
  const started = Date.now();
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  console.log(`=== ${label}: ${result.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result.status === 0;
}

function check(label, cmd, args) {
  const ok = run(label, cmd, args);
  if (ok) totals.passed++;
  else {
    totals.failed++;
    failures.push(label);
  }
  return ok;
}

/** Adds a JSON report's counts; a suite that crashed without a report counts as one failure. */
function addReport(label, file, count) {
  if (!existsSync(file)) {
    totals.failed++;
    failures.push(`${label} (no report)`);
    return;
  }
  const c = count(JSON.parse(readFileSync(file, 'utf8')));
  totals.passed += c.passed;
  totals.failed += c.failed;
  totals.skipped += c.skipped;
  if (c.failed) failures.push(`${label} (${c.failed} failed)`);
}

check('type-check (renderer)', bin('vue-tsc'), ['--noEmit', '-p', 'tsconfig.web.json']);
check('type-check (core, hosts, tests)', bin('tsc'), ['--noEmit', '-p', 'tsconfig.node.json']);
check('lint (layering and code rules)', bin('eslint'), ['--max-warnings=0', '.']);
check('Electron audit (electronegativity)', process.execPath, [join(root, 'tests', 'security', 'electronegativity.mjs')]);

const unitReport = join(root, 'test-results', 'unit.json');
run('unit tests (vitest)', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${unitReport}`]);
addReport('unit tests', unitReport, (r) => ({ passed: r.numPassedTests, failed: r.numFailedTests + (r.numTotalTestSuites && !r.success && r.numFailedTests === 0 ? 1 : 0), skipped: r.numPendingTests + r.numTodoTests }));

if (check('build (electron-vite)', bin('electron-vite'), ['build'])) {
  const e2eReport = join(root, 'test-results', 'e2e.json');
  if (!existsSync('/usr/bin/chromium') && !process.env.AIGUILLAGE_CHROMIUM) {
    console.log('\n=== end-to-end tests: SKIPPED - Chromium is not installed (bash .ci/app test installs it)');
    totals.skipped++;
  } else {
    run('end-to-end tests (Playwright, Chromium)', bin('playwright'), ['test'], { PLAYWRIGHT_JSON_OUTPUT_NAME: e2eReport });
    addReport('end-to-end tests', e2eReport, (r) => ({ passed: r.stats.expected + r.stats.flaky, failed: r.stats.unexpected, skipped: r.stats.skipped }));
  }
}

if (failures.length) console.log(`\nFailed: ${failures.join('; ')}`);
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed ? 1 : 0);
