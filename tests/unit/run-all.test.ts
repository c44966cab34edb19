/**
 * The test command's verdict (tests/run-all.mjs), run for real on tiny fixture projects: the
 * real Playwright, vitest and tsc on files written here, so every way a failure could hide
 * (a spec that fails to load, a fixture failing in teardown, a missing browser under CI, a
 * failing static check) goes through the code paths of a full run. The fixtures live under
 * test-results/ (ignored by git, lint and the type-check) so they resolve the project's packages.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const repo = join(import.meta.dirname, '..', '..');
const made: string[] = [];

function project(files: Record<string, string>): string {
  mkdirSync(join(repo, 'test-results'), { recursive: true });
  const dir = mkdtempSync(join(repo, 'test-results', 'run-all-fixture-'));
  made.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

// A stand-in for .ci/pg.sh: prints a URL on start (nothing connects to it), notes the stop.
const PG = `case "$1" in start) echo "postgres://fixture@127.0.0.1:1/fixture" ;; stop) touch stopped ;; esac\n`;

/**
 * Runs the test command on a fixture project, with the given steps; CI is off unless asked.
 * PostgreSQL is the fixture's pg.sh when it has one, else the stand-in: a fixture never starts a real cluster.
 */
function runAll(dir: string, steps: string, env: Record<string, string> = {}) {
  if (!existsSync(join(dir, 'pg.sh'))) writeFileSync(join(dir, 'pg.sh'), PG);
  const base: NodeJS.ProcessEnv = { ...process.env, AIGUILLAGE_PROJECT_DIR: dir, AIGUILLAGE_RUN_STEPS: steps, AIGUILLAGE_PG_SCRIPT: join(dir, 'pg.sh'), ...env };
  if (!env.CI) delete base.CI;
  const r = spawnSync(process.execPath, [join(repo, 'tests', 'run-all.mjs')], { env: base, encoding: 'utf8', timeout: 150_000 });
  const lines = r.stdout.trimEnd().split('\n');
  return { code: r.status, out: r.stdout + r.stderr, last: lines.at(-1) };
}

afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

// Specs that need no browser, so a fixture runs in seconds.
const CONFIG = `export default { testDir: '.', workers: 1, outputDir: 'pw-output' };\n`;
const PASSING = `import { expect, test } from '@playwright/test';\ntest('adds', () => { expect(1 + 1).toBe(2); });\n`;
const SECOND = `import { expect, test } from '@playwright/test';\ntest('joins', () => { expect(['a', 'b'].join('')).toBe('ab'); });\n`;
// Any path that exists stands for the browser: these specs never launch it.
const PRESENT = { AIGUILLAGE_CHROMIUM: process.execPath };
const MISSING = { AIGUILLAGE_CHROMIUM: join(repo, 'test-results', 'no-such-chromium') };

describe('tests/run-all.mjs', { timeout: 180_000 }, () => {
  it('passes a green end-to-end run with the counts Playwright reports', () => {
    const run = runAll(project({ 'playwright.config.ts': CONFIG, 'a.spec.ts': PASSING, 'b.spec.ts': SECOND }), 'e2e', PRESENT);
    expect(run.last).toBe('2 passed, 0 failed, 0 skipped');
    expect(run.code).toBe(0);
  });

  it('fails the run when a spec file does not load (syntax error)', () => {
    const run = runAll(project({ 'playwright.config.ts': CONFIG, 'a.spec.ts': PASSING, 'broken.spec.ts': `import { test } from '@playwright/test';\ntest('never', () => {\n` }), 'e2e', PRESENT);
    expect(run.out).toMatch(/counted as a failure: .*broken\.spec\.ts/);
    expect(run.last).toBe('0 passed, 1 failed, 0 skipped'); // Playwright: "1 error was not a part of any test", no test run
    expect(run.code).toBe(1);
  });

  it('fails the run when a fixture fails in teardown after its tests passed', () => {
    const spec = `import { test as base } from '@playwright/test';
const test = base.extend<object, { server: void }>({
  server: [async ({}, use) => { await use(); throw new Error('the server would not stop'); }, { scope: 'worker', auto: true }],
});
test('passes', () => {});
`;
    const run = runAll(project({ 'playwright.config.ts': CONFIG, 'teardown.spec.ts': spec }), 'e2e', PRESENT);
    expect(run.out).toContain('counted as a failure: Error: the server would not stop');
    expect(run.last).toBe('1 passed, 1 failed, 0 skipped');
    expect(run.code).toBe(1);
  });

  it('fails every end-to-end case under CI when Chromium is missing, never "skipped"', () => {
    const run = runAll(project({ 'playwright.config.ts': CONFIG, 'a.spec.ts': PASSING, 'b.spec.ts': SECOND }), 'e2e', { ...MISSING, CI: 'true' });
    expect(run.out).toContain('2 not run under CI: Chromium not found');
    expect(run.last).toBe('0 passed, 2 failed, 0 skipped');
    expect(run.code).toBe(1);
  });

  it('outside CI, says loudly which end-to-end cases a missing Chromium skipped, and why', () => {
    const run = runAll(project({ 'playwright.config.ts': CONFIG, 'a.spec.ts': PASSING, 'b.spec.ts': SECOND }), 'e2e', MISSING);
    expect(run.out).toContain('END-TO-END TESTS NOT RUN: Chromium not found at');
    expect(run.out).toContain('end-to-end tests: 2 SKIPPED - Chromium not found at');
    expect(run.last).toBe('0 passed, 0 failed, 2 skipped');
    expect(run.code).toBe(0);
  });

  it('fails the run on a failing static check, on its own line, without counting it as a test case', () => {
    const tsconfig = JSON.stringify({ compilerOptions: { strict: true, noEmit: true, types: [] }, include: ['*.ts'] });
    const run = runAll(project({ 'tsconfig.node.json': tsconfig, 'wrong.ts': `export const n: number = 'not a number';\n` }), 'typecheck-node');
    expect(run.out).toContain("wrong.ts(1,14): error TS2322: Type 'string' is not assignable to type 'number'.");
    expect(run.out).toContain('Static checks: FAILED: type-check (core, hosts, tests) (0 of 1 passed)');
    expect(run.last).toBe('0 passed, 0 failed, 0 skipped');
    expect(run.code).toBe(1);
  });

  it('counts a unit-test file that fails to load as a failure', () => {
    const ok = `import { expect, it } from 'vitest';\nit('adds', () => expect(1 + 1).toBe(2));\n`;
    const run = runAll(project({ 'vitest.config.mjs': 'export default {};\n', 'ok.test.ts': ok, 'broken.test.ts': `import { it } from 'vitest';\nit('never', () => {\n` }), 'unit');
    expect(run.out).toMatch(/counted as a failure: .*broken\.test\.ts/);
    expect(run.last).toBe('1 passed, 1 failed, 0 skipped');
    expect(run.code).toBe(1);
  });

  it('counts an error thrown outside any unit test, after all of them passed, as a failure', () => {
    const late = `import { expect, it } from 'vitest';
it('adds', async () => {
  setTimeout(() => { throw new Error('thrown after the test'); }, 0);
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(1 + 1).toBe(2);
});
`;
    const run = runAll(project({ 'vitest.config.mjs': 'export default {};\n', 'late.test.ts': late }), 'unit');
    expect(run.out).toMatch(/counted as a failure: vitest exited with code 1/);
    expect(run.last).toBe('1 passed, 1 failed, 0 skipped');
    expect(run.code).toBe(1);
  });

  describe('the unit tests on PostgreSQL', () => {
    const ENGINE = `import { expect, it } from 'vitest';
it('runs on the engine it was given', () => {
  expect(process.env.AIGUILLAGE_TEST_ENGINE).toBe('postgres');
  expect(process.env.AIGUILLAGE_TEST_PG_URL).toBe('postgres://fixture@127.0.0.1:1/fixture');
});
`;
    const FAILING = `import { expect, it } from 'vitest';\nit('does not pass on PostgreSQL yet', () => { expect(1).toBe(2); });\n`;

    it('run every file but the listed ones with the engine set, count them, and stop the server after', () => {
      const dir = project({
        'vitest.config.mjs': 'export default {};\n',
        'engine.test.ts': ENGINE,
        'pending.test.ts': FAILING,
        'sqlite.test.ts': FAILING,
        'tests/engines/postgres-pending.txt': '# not yet\npending.test.ts\n',
        'tests/engines/sqlite-only.txt': 'sqlite.test.ts\n',
      });
      const run = runAll(dir, 'unit-postgres');
      expect(run.last).toBe('1 passed, 0 failed, 0 skipped');
      expect(run.code).toBe(0);
      expect(existsSync(join(dir, 'stopped'))).toBe(true);
    });

    it('and the end-to-end tests get the same cluster, stopped after them', () => {
      const spec = `import { expect, test } from '@playwright/test';\ntest('gets the cluster', () => { expect(process.env.AIGUILLAGE_E2E_PG_URL).toBe('postgres://fixture@127.0.0.1:1/fixture'); });\n`;
      // Each runner on its own files only.
      const dir = project({
        'playwright.config.ts': CONFIG.replace("testDir: '.',", "testDir: '.', testMatch: '*.spec.ts',"),
        'server.spec.ts': spec,
        'vitest.config.mjs': "export default { test: { include: ['*.test.ts'] } };\n",
        'engine.test.ts': ENGINE,
      });
      const run = runAll(dir, 'unit-postgres,e2e', PRESENT);
      expect(run.out.match(/=== PostgreSQL for /g)).toHaveLength(1);
      expect(run.last).toBe('2 passed, 0 failed, 0 skipped');
      expect(run.code).toBe(0);
      expect(existsSync(join(dir, 'stopped'))).toBe(true);
    });

    it('fail the run under CI when PostgreSQL does not start, and say it loudly elsewhere', () => {
      const dir = project({ 'vitest.config.mjs': 'export default {};\n', 'pg.sh': 'echo "no postgres here" >&2; exit 3\n', 'engine.test.ts': ENGINE });
      const underCi = runAll(dir, 'unit-postgres', { CI: 'true' });
      expect(underCi.out).toMatch(/unit tests on PostgreSQL \(not run under CI: PostgreSQL did not start \(exit 3\)/);
      expect(underCi.last).toBe('0 passed, 1 failed, 0 skipped');
      expect(underCi.code).toBe(1);
      const locally = runAll(dir, 'unit-postgres');
      expect(locally.out).toMatch(/unit tests on PostgreSQL: NOT RUN - PostgreSQL did not start/);
      expect(locally.code).toBe(0);
    });
  });
});
