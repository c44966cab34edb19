/**
 * The import's checkpoints on SQLite: during an import into a file database the app's
 * connection leaves the checkpoints to the checkpointing thread (checkpoints.ts), and the WAL
 * stays small. SQLite's own file: tests/engines/sqlite-only.txt.
 */
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import type { Context } from '../commands/define';
import { openDatabase, sqliteOf } from '../db/connection';
import { caller } from '../test-support';
import { blockingCheckpoints } from './checkpoints';
import { numberedMapping as mapping, numberedRows } from './fixtures/numbered-rows';

const NOW = Date.UTC(2026, 10, 23, 9, 0);

function fileContext(): Context {
  const file = join(mkdtempSync(join(tmpdir(), 'aig-checkpoint-')), 'import.sqlite');
  return { db: openDatabase(file), dbPath: file, actor: 'test', now: () => NOW };
}

it('leaves the checkpoints of a file database to the worker during the background import, the WAL kept small', async () => {
  const ctx = fileContext();
  const file = ctx.dbPath;
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

it('starts the WAL over every few batches of a blocking import, whose checkpoints run beside it', () => {
  const ctx = fileContext();
  const sqlite = sqliteOf(ctx.db, 'wal_autocheckpoint');
  const { call } = caller(ctx);
  const report = call('intake.run', { fileName: 'big.csv', contentBase64: Buffer.from(numberedRows(60_000)).toString('base64'), sourceName: 'Test', mapping, batchSize: 5_000 });
  expect(report).toMatchObject({ status: 'completed', counts: { accepted: 60_000 } });
  expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  // The WAL file keeps the size of its largest run (the next test shows the start over that bounds it, whatever the pace).
  const wal = statSync(`${ctx.dbPath}-wal`).size;
  console.log(`60,000-row blocking import into a file: largest WAL ${(wal / 2 ** 20).toFixed(1)} MB`);
  expect(wal).toBeLessThan(64 * 2 ** 20);
  // The staging file the worker wrote the leads to is let go.
  expect((sqlite.pragma('database_list') as { name: string }[]).map((d) => d.name)).not.toContainEqual(expect.stringMatching(/^import_stage/));
  ctx.db.close();
}, 120_000);

it('waits for the checkpoints every few batches of a blocking import, so the WAL starts over however fast the batches follow', () => {
  const ctx = fileContext();
  const sqlite = sqliteOf(ctx.db, 'blobs');
  sqlite.exec('CREATE TABLE blobs (b BLOB)');
  const insert = sqlite.prepare('INSERT INTO blobs VALUES (randomblob(40000))');
  const checkpoints = blockingCheckpoints(ctx);
  let largest = 0;
  // 40 batches of 2 MB back to back, each said to be 10,000 rows: a wait every second batch.
  for (let batch = 0; batch < 40; batch++) {
    checkpoints.beforeBatch();
    sqlite.transaction(() => {
      for (let i = 0; i < 50; i++) insert.run();
    })();
    checkpoints.afterBatch(10_000);
    largest = Math.max(largest, statSync(`${ctx.dbPath}-wal`).size);
  }
  checkpoints.end();
  // Never started over, the WAL would hold all 80 MB.
  expect(largest).toBeLessThan(16 * 2 ** 20);
  expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  ctx.db.close();
}, 120_000);
