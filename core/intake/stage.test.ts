/**
 * The import's staging file (stage.ts): attached for an import and let go after it, and the
 * folders of imports cut off long ago (a crash) deleted, as they hold personal data.
 */
import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { sqliteOf } from '../db/connection';
import { testContext, testPostgres } from '../test-support';
import { ImportStage } from './stage';

it.skipIf(testPostgres())('deletes the staging folders left for over a day, and its own when closed', () => {
  const ctx = testContext();
  const old = mkdtempSync(join(tmpdir(), 'aig-import-stage-'));
  writeFileSync(join(old, 'stage.sqlite'), 'Dupont;0611111111');
  const twoDaysAgo = new Date(Date.now() - 48 * 3600_000);
  utimesSync(old, twoDaysAgo, twoDaysAgo);
  const recent = mkdtempSync(join(tmpdir(), 'aig-import-stage-'));
  const stage = ImportStage.open(ctx.db)!;
  expect([existsSync(old), existsSync(recent), existsSync(stage.spec.file)]).toEqual([false, true, true]);
  const attached = () => (sqliteOf(ctx.db, 'stage').pragma('database_list') as { name: string }[]).map((d) => d.name);
  expect(attached()).toContain(stage.schema);
  stage.close();
  expect(attached()).not.toContain(stage.schema);
  expect(existsSync(stage.spec.file)).toBe(false);
  rmSync(recent, { recursive: true });
});

it('has no staging file on PostgreSQL, whose leads go in as multi-row inserts', () => {
  const ctx = testContext();
  const stage = ImportStage.open(ctx.db);
  expect(stage === null).toBe(ctx.db.engine === 'postgres');
  stage?.close();
});
