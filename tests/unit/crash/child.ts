/**
 * The process the crash test kills: opens the database like the app, says "ready", then runs
 * one long command (an import or a bulk dispatch), or background-job ticks until the
 * re-assignment backlog is empty (printing each tick's report), until it is killed with SIGKILL mid-way.
 *   tsx child.ts <db> import <file.csv> <batchSize>
 *   tsx child.ts <db> dispatch <leadIds.json>
 *   tsx child.ts <db> jobs
 */
import { readFileSync } from 'node:fs';
import { dispatch } from '../../../core/commands/dispatch';
import { openApp } from '../../../core/open';
import { runJobs } from '../../../core/jobs/scheduler';
import { MAPPING } from './mapping';

const [dbPath, mode, file, batchSize] = process.argv.slice(2) as [string, 'import' | 'dispatch' | 'jobs', string, string?];
const ctx = await openApp({ dbPath, demo: false, actor: 'crash-test' });
process.stdout.write('ready\n');
if (mode === 'jobs') {
  for (let backlog = 1; backlog > 0;) {
    const report = await runJobs(ctx, (message, error) => process.stdout.write(`failed ${message} ${String(error)}\n`));
    // Only what the test checks: the report's mail counters would read as a failure ("failed").
    process.stdout.write(`tick ${JSON.stringify({ expired: report.expired, reassignBacklog: report.reassignBacklog })}\n`);
    backlog = report.reassignBacklog;
  }
  process.stdout.write('done\n');
  process.exit(0);
}
const result =
  mode === 'import'
    ? dispatch(ctx, 'intake.run', { fileName: 'crash.csv', contentBase64: readFileSync(file).toString('base64'), sourceName: 'Crash', mapping: MAPPING, batchSize: Number(batchSize) })
    : dispatch(ctx, 'routing.dispatchMany', { leadIds: JSON.parse(readFileSync(file, 'utf8')) as number[] });
process.stdout.write(result.ok ? 'done\n' : `failed ${JSON.stringify(result.error)}\n`);
