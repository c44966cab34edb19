/**
 * The import's checkpoints on SQLite: during a background import into a file database the app's
 * connection leaves the checkpoints to the worker (background.ts, checkpointsOffThread), and the
 * WAL stays small. SQLite's own file: tests/engines/sqlite-only.txt.
 */
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import type { Context } from '../commands/define';
import { openDatabase, sqliteOf } from '../db/connection';
import { caller } from '../test-support';
import { numberedMapping as mapping, numberedRows } from './fixtures/numbered-rows';

const NOW = Date.UTC(2026, 10, 23, 9, 0);

it('leaves the checkpoints of a file database to the worker during the import, the WAL kept small', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'aig-checkpoint-')), 'import.sqlite');
  const ctx: Context = { db: openDatabase(file), dbPath: file, actor: 'test', now: () => NOW };
  const sqlite = sqliteOf(ctx.db, 'wal_autocheckpoint');
  const { call } = caller(ctx);
  const { jobId } = call('intake.start', { fileName: 'big.csv', contentBase64: Buffer.from(numberedRows(20_000)).toString('base64'), sourceName: 'Test', mapping });
  const automatic = new Set<number>();
  let largestWal = 0;
  let state = call('intake.progress', { jobId });
  while (state.status === 'running') {
    if (state.progress.phase === 'insert') {
      automatic.add(sqlite.pragma('wal_autocheckpoint', { simple: true }) as number);
      largestWal = Math.max(largestWal, statSync(`${file}-wal`).size);
    }
    await sleep(20);
    state = call('intake.progress', { jobId });
  }
  expect(state).toMatchObject({ status: 'completed', report: { counts: { accepted: 20_000 } } });
  // The app's connection never checkpointed during the import, and has its setting back.
  expect([...automatic]).toEqual([0]);
  expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  // Without the worker's checkpoints the WAL would hold every batch: well over 50 MB for 20,000 leads.
  console.log(`20,000-row import into a file: largest WAL ${(largestWal / 2 ** 20).toFixed(1)} MB`);
  expect(largestWal).toBeLessThan(24 * 2 ** 20);
  ctx.db.close();
}, 120_000);
