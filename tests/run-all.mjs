/**
 * The README's test command (`npm test`): type-checks, lint, format check, Electron audit, unit tests,
 * the unit tests again on PostgreSQL, build, end-to-end tests in Chromium (server mode on PostgreSQL). The static checks get their own line; the last line
 * counts test cases only, for all suites together:
 *   N passed, N failed, N skipped
 * The run fails (exit 1) when any static check or test case fails, when a runner reports an
 * error outside its tests or exits non-zero (tests/run-all/count.mjs), and under CI when the
 * browser is missing: CI never reports the end-to-end tests as merely skipped.
 *
 * One cluster started with `.ci/pg.sh start` serves the PostgreSQL pass, which runs every unit
 * test file except those listed in tests/engines/ (postgres-pending.txt: not passing on
 * PostgreSQL yet; sqlite-only.txt: tests of SQLite itself) with AIGUILLAGE_TEST_ENGINE=postgres,
 * and the end-to-end step, whose server-mode specs get their own databases on it
 * (AIGUILLAGE_E2E_PG_URL, tests/e2e/serve.ts); it is stopped at the end. A cluster that cannot
 * start fails the run under CI and is said loudly elsewhere.
 *
 * For its own tests (tests/run-all/run-all.test.ts): AIGUILLAGE_PROJECT_DIR runs the steps in
 * another directory (a fixture project), AIGUILLAGE_RUN_STEPS names the steps to run
 * (comma-separated ids below); AIGUILLAGE_CHROMIUM is the browser, as for playwright.config.ts;
 * AIGUILLAGE_PG_SCRIPT replaces .ci/pg.sh.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countPlaywright, countVitest, listedTests } from './run-all/count.mjs';

const repo = join(import.meta.dirname, '..');
const root = process.env.AIGUILLAGE_PROJECT_DIR ?? repo;
const bin = (name) => join(repo, 'node_modules', '.bin', name);
const ci = !!process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0';
const chromium = process.env.AIGUILLAGE_CHROMIUM ?? '/usr/bin/chromium';
const results = join(root, 'test-results');
mkdirSync(results, { recursive: true });
// The steps' temporary files (the tests' databases, import staging files, browser profiles: some
// gigabytes a run, which the tests do not all remove) go to one folder, removed at the end.
const scratch = mkdtempSync(join(tmpdir(), 'aig-test-run-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));
const scratchEnv = { TMPDIR: scratch, TMP: scratch, TEMP: scratch };

const STATIC = {
  'typecheck-web': ['type-check (renderer)', bin('vue-tsc'), ['--noEmit', '-p', 'tsconfig.web.json']],
  'typecheck-node': ['type-check (core, hosts, tests)', bin('tsc'), ['--noEmit', '-p', 'tsconfig.node.json']],
  lint: ['lint (layering and code rules)', bin('eslint'), ['--max-warnings=0', '.']],
  format: ['format (Prettier)', bin('prettier'), ['--check', '.']],
  electronegativity: ['Electron audit (electronegativity)', process.execPath, [join(repo, 'tests', 'security', 'electronegativity.mjs')]],
  build: ['build (electron-vite)', bin('electron-vite'), ['build']],
};
const STEPS = ['typecheck-web', 'typecheck-node', 'lint', 'format', 'electronegativity', 'unit', 'unit-postgres', 'build', 'e2e'];
const steps = process.env.AIGUILLAGE_RUN_STEPS ? process.env.AIGUILLAGE_RUN_STEPS.split(',').map((s) => s.trim()) : STEPS;
const unknown = steps.filter((s) => !STEPS.includes(s));
if (unknown.length) {
  console.error(`AIGUILLAGE_RUN_STEPS: unknown step ${unknown.join(', ')} (known: ${STEPS.join(', ')})`);
  process.exit(2);
}

const totals = { passed: 0, failed: 0, skipped: 0 };
const staticChecks = { passed: [], failed: [] };
const failures = [];
const notRun = [];

function run(label, cmd, args, env = {}) {
  console.log(`\n=== ${label}`);
  const started = Date.now();
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...scratchEnv, ...env } });
  const status = result.status ?? `killed by ${result.signal ?? result.error?.message}`;
  console.log(`=== ${label}: ${status === 0 ? 'ok' : `FAILED (exit ${status})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result.status;
}

function staticCheck(id) {
  const [label, cmd, args] = STATIC[id];
  const ok = run(label, cmd, args) === 0;
  staticChecks[ok ? 'passed' : 'failed'].push(label);
  return ok;
}

/** Runs a suite that writes a JSON report (removed first, so a crash cannot leave last run's behind) and adds its counts. */
function suite(label, file, count, cmd, args, env) {
  rmSync(file, { force: true });
  const exitCode = run(label, cmd, args, env);
  const c = count(existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null, exitCode);
  totals.passed += c.passed;
  totals.failed += c.failed;
  totals.skipped += c.skipped;
  for (const error of c.errors) console.log(`=== ${label}: counted as a failure: ${error}`);
  if (c.failed) failures.push(`${label} (${c.failed} failed)`);
}

/** The browser is missing: the end-to-end cases did not run. Under CI that fails them; elsewhere it is said loudly. */
function e2eWithoutBrowser(why) {
  const file = join(results, 'e2e-list.json');
  rmSync(file, { force: true });
  run('end-to-end tests: listing them (no browser needed)', bin('playwright'), ['test', '--list', '--reporter=json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: file });
  const listed = existsSync(file) ? listedTests(JSON.parse(readFileSync(file, 'utf8'))) : { tests: 0, errors: ['playwright --list wrote no report'] };
  for (const error of listed.errors) console.log(`=== end-to-end tests: counted as a failure: ${error}`);
  totals.failed += listed.errors.length;
  if (ci) {
    totals.failed += listed.tests;
    failures.push(`end-to-end tests (${listed.tests} not run under CI: ${why})`);
  } else {
    totals.skipped += listed.tests;
    notRun.push(`end-to-end tests: ${listed.tests} SKIPPED - ${why}. Under CI (CI=true) this fails the run.`);
  }
  console.log(`\n!!! ${'='.repeat(70)}\n!!! END-TO-END TESTS NOT RUN: ${why}\n!!! ${'='.repeat(70)}`);
}

for (const id of ['typecheck-web', 'typecheck-node', 'lint', 'format', 'electronegativity']) if (steps.includes(id)) staticCheck(id);

if (steps.includes('unit')) {
  const file = join(results, 'unit.json');
  suite('unit tests (vitest)', file, countVitest, bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${file}`]);
}

/** The unit files that run on PostgreSQL too: all but the listed ones (one path a line, # comments). */
function listed(name) {
  const file = join(root, 'tests', 'engines', name);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter(Boolean);
}

const pgScript = process.env.AIGUILLAGE_PG_SCRIPT ?? join(repo, '.ci', 'pg.sh');

/** Starts the cluster; its URL, or null when it did not start (then said, and under CI counted as a failure of `what`). */
function startPostgres(what) {
  console.log('\n=== PostgreSQL for the unit tests on PostgreSQL and the server-mode end-to-end tests: bash .ci/pg.sh start');
  const started = spawnSync('bash', [pgScript, 'start'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, AIGUILLAGE_PG_FAST: '1' } });
  const url = started.status === 0 ? started.stdout.trim().split('\n').at(-1) : '';
  if (/^postgres(ql)?:\/\//.test(url ?? '')) return url;
  const why = `PostgreSQL did not start (exit ${started.status ?? started.signal}): ${started.stdout.trim() || 'no URL printed'}`;
  if (ci) {
    totals.failed += 1;
    failures.push(`${what} (not run under CI: ${why})`);
  } else notRun.push(`${what}: NOT RUN - ${why}. Under CI (CI=true) this fails the run.`);
  return null;
}

// One cluster for both steps that need it, stopped at the end whatever happens.
const pgSteps = [steps.includes('unit-postgres') && 'unit tests on PostgreSQL', steps.includes('e2e') && 'end-to-end tests in server mode on PostgreSQL'].filter(Boolean);
const pgUrl = pgSteps.length ? startPostgres(pgSteps.join(', ')) : null;
try {
  if (steps.includes('unit-postgres') && pgUrl) unitOnPostgres(pgUrl);
  const built = steps.includes('build') ? staticCheck('build') : true;
  if (steps.includes('e2e')) e2e(built);
} finally {
  if (pgSteps.length) run('PostgreSQL: bash .ci/pg.sh stop', 'bash', [pgScript, 'stop']);
}

function unitOnPostgres(url) {
  const file = join(results, 'unit-postgres.json');
  const excluded = [...listed('postgres-pending.txt'), ...listed('sqlite-only.txt')].flatMap((f) => ['--exclude', f]);
  suite('unit tests on PostgreSQL (vitest)', file, countVitest, bin('vitest'), ['run', ...excluded, '--reporter=default', '--reporter=json', `--outputFile.json=${file}`], {
    AIGUILLAGE_TEST_ENGINE: 'postgres',
    AIGUILLAGE_TEST_PG_URL: url,
  });
}

/** The server-mode specs run on the cluster's URL (tests/e2e/serve.ts); without one they fail under CI, fall back to SQLite elsewhere. */
function e2e(built) {
  if (!built) notRun.push('end-to-end tests: not run, the build failed');
  else if (!existsSync(chromium)) e2eWithoutBrowser(`Chromium not found at ${chromium} (install it, e.g. bash .ci/app test, or set AIGUILLAGE_CHROMIUM)`);
  else {
    // The reporters are given here, not taken from the config, so this script knows where the report is.
    const file = join(results, 'e2e.json');
    suite('end-to-end tests (Playwright, Chromium)', file, countPlaywright, bin('playwright'), ['test', '--reporter=list,json'], {
      PLAYWRIGHT_JSON_OUTPUT_NAME: file,
      ...(pgUrl ? { AIGUILLAGE_E2E_PG_URL: pgUrl } : {}),
    });
  }
}

console.log('');
const ranStatic = staticChecks.passed.length + staticChecks.failed.length;
if (ranStatic) {
  console.log(`Static checks: ${staticChecks.failed.length ? `FAILED: ${staticChecks.failed.join('; ')} (${staticChecks.passed.length} of ${ranStatic} passed)` : `all ${ranStatic} passed`}`);
}
for (const line of notRun) console.log(line);
if (failures.length) console.log(`Failed: ${failures.join('; ')}`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed || staticChecks.failed.length ? 1 : 0);
