/**
 * How `tests/run-all.mjs` turns each runner's JSON report and exit code into test-case counts.
 * A runner that exits non-zero, or reports an error outside any test (a file that fails to
 * load, a fixture that fails in teardown), has failed even when every test it ran passed:
 * each such error counts as one failed case, and a non-zero exit that explains nothing as one
 * more, so the summary line can never read "0 failed" over a red run.
 */

/**
 * Vitest's JSON report (jest-compatible). A file that fails to load has status "failed" and no
 * failed test; an unhandled error leaves `success` false.
 * @param {any} report the parsed report, or null when none was written
 * @param {number | null} exitCode
 */
export function countVitest(report, exitCode) {
  if (!report) return noReport('vitest', exitCode);
  const counts = { passed: report.numPassedTests, failed: report.numFailedTests, skipped: report.numPendingTests + report.numTodoTests, errors: [] };
  for (const file of report.testResults ?? []) {
    const failedTests = (file.assertionResults ?? []).filter((t) => t.status === 'failed').length;
    if (file.status === 'failed' && failedTests === 0) counts.errors.push(`${file.name}: ${firstLine(file.message) || 'failed outside any test'}`);
  }
  if (counts.failed + counts.errors.length === 0 && (exitCode !== 0 || report.success === false)) {
    counts.errors.push(`vitest exited with code ${exitCode} (success: ${report.success}) without naming a failed test`);
  }
  counts.failed += counts.errors.length;
  return counts;
}

/**
 * Playwright's JSON report: the same counts Playwright prints (passed = expected + flaky,
 * failed = unexpected, skipped), plus one failure per top-level error.
 * @param {any} report the parsed report, or null when none was written
 * @param {number | null} exitCode
 */
export function countPlaywright(report, exitCode) {
  if (!report) return noReport('Playwright', exitCode);
  const { expected, flaky, unexpected, skipped } = report.stats;
  const errors = (report.errors ?? []).map((e) => firstLine(e.message) || 'an error outside any test');
  if (unexpected + errors.length === 0 && exitCode !== 0) errors.push(`Playwright exited with code ${exitCode} without naming a failed test`);
  return { passed: expected + flaky, failed: unexpected + errors.length, skipped, errors };
}

/**
 * The tests a `playwright test --list` JSON report names (one per spec and project), for
 * counting the cases a missing browser keeps from running; its load errors are failures.
 * @param {any} report
 */
export function listedTests(report) {
  const walk = (suite) => (suite.specs ?? []).reduce((n, spec) => n + spec.tests.length, 0) + (suite.suites ?? []).reduce((n, s) => n + walk(s), 0);
  return { tests: (report?.suites ?? []).reduce((n, s) => n + walk(s), 0), errors: (report?.errors ?? []).map((e) => firstLine(e.message)) };
}

function noReport(runner, exitCode) {
  return { passed: 0, failed: 1, skipped: 0, errors: [`${runner} wrote no report (exit code ${exitCode})`] };
}

function firstLine(text) {
  // Reports carry ANSI colours; the summary is plain text.
  return (
    String(text ?? '')
      .replace(/\u001b\[[0-9;]*m/g, '')
      .trim()
      .split('\n')[0] ?? ''
  );
}
