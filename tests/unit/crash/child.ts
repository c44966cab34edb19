/**
 * The process the crash test kills: opens the database like the app, says "ready", then runs
 * one long command (an import or a bulk dispatch) until it is killed with SIGKILL mid-way.
 *   tsx child.ts <db> import <file.csv> <batchSize>
 *   tsx child.ts <db> dispatch <leadIds.json>
 */
import { readFileSync } from 'node:fs';
import { dispatch } from '../../../core/commands/dispatch';
import { openApp } from '../../../core/open';
import { MAPPING } from './mapping';

const [dbPath, mode, file, batchSize] = process.argv.slice(2) as [string, 'import' | 'dispatch', string, string?];
const ctx = await openApp({ dbPath, demo: false, actor: 'crash-test' });
process.stdout.write('ready\n');
const result =
  mode === 'import'
    ? dispatch(ctx, 'intake.run', { fileName: 'crash.csv', contentBase64: readFileSync(file).toString('base64'), sourceName: 'Crash', mapping: MAPPING, batchSize: Number(batchSize) })
    : dispatch(ctx, 'routing.dispatchMany', { leadIds: JSON.parse(readFileSync(file, 'utf8')) as number[] });
process.stdout.write(result.ok ? 'done\n' : `failed ${JSON.stringify(result.error)}\n`);

