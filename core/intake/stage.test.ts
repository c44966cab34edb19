/**
 * The import's staging file (stage.ts): attached for an import and let go after it, the folders
 * of imports cut off long ago (a crash) deleted, as they hold personal data, and an import staged
 * the same in the database as one that is not (PostgreSQL's, a small file's).
 */
import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it, vi } from 'vitest';
import { sqliteOf } from '../db/connection';
import { caller, testContext, testPostgres } from '../test-support';
import { proposeMapping } from './mapping';
import { ImportStage } from './stage';

it.skipIf(testPostgres())('deletes the staging folders left for over a day, and its own when closed', () => {
  const ctx = testContext();
  const old = mkdtempSync(join(tmpdir(), 'aig-import-stage-'));
  writeFileSync(join(old, 'stage.sqlite'), 'Dupont;0611111111');
  const twoDaysAgo = new Date(Date.now() - 48 * 3600_000);
  utimesSync(old, twoDaysAgo, twoDaysAgo);
  const recent = mkdtempSync(join(tmpdir(), 'aig-import-stage-'));
  const stage = ImportStage.open(ctx.db, 1_000_000)!;
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
  const stage = ImportStage.open(ctx.db, 1_000_000);
  expect(stage === null).toBe(ctx.db.engine === 'postgres');
  stage?.close();
});

/** A call-center file of `n` rows where rows repeat earlier ones by phone, e-mail or name and postal code. */
function withDuplicates(n: number, from = 0): string {
  const lines = ['Nom;Prénom;Téléphone;E-mail;Code postal;Ville;Date de la demande;Source;Produit'];
  for (let i = from; i < from + n; i++) {
    const phone = i % 40 === 39 ? i - 17 : i;
    const email = i % 70 === 69 ? i - 31 : i;
    const name = i % 90 === 89 ? i - 45 : i;
    const day = String(1 + (i % 28)).padStart(2, '0');
    lines.push(`Durand${name};Anne;06${String(10_000_000 + phone).slice(-8)};anne${email}@exemple.fr;37000;Tours;${day}/10/2026 10:00;${i % 3 ? 'Salon' : 'Site web'};Pompe à chaleur`);
  }
  return lines.join('\n') + '\n';
}

it.skipIf(testPostgres())('gives a staged import the same leads, report, duplicates, facts, events and search entries as an unstaged one', () => {
  const content = Buffer.from(withDuplicates(2_500)).toString('base64');
  const mapping = proposeMapping(withDuplicates(0).trim().split(';'));
  const imported = (staged: boolean) => {
    const ctx = testContext();
    const { call } = caller(ctx);
    // Known leads first: the big file's first hundred rows are the same people.
    call('intake.run', { fileName: 'known.csv', contentBase64: Buffer.from(withDuplicates(100)).toString('base64'), sourceName: 'Salon', mapping });
    const open = vi.spyOn(ImportStage, 'open');
    if (!staged) open.mockReturnValue(null);
    const report = call('intake.run', { fileName: 'big.csv', contentBase64: content, sourceName: 'Salon', mapping, batchSize: 700 });
    expect(open).toHaveReturnedWith(staged ? expect.any(ImportStage) : null);
    open.mockRestore();
    const rows = (sql: string) => ctx.db.prepare(sql).all();
    return {
      report: { ...report, committedBatches: 0 },
      leads: rows('SELECT * FROM leads ORDER BY id'),
      duplicates: rows('SELECT lead_id, other_id, reasons FROM lead_duplicates ORDER BY lead_id, other_id'),
      facts: rows('SELECT * FROM lead_facts ORDER BY lead_id'),
      events: rows('SELECT lead_id, type, at, actor, data FROM lead_events ORDER BY id'),
      search: rows('SELECT rowid, * FROM leads_fts ORDER BY rowid'),
    };
  };
  const staged = imported(true);
  expect(staged.report.duplicates).toBeGreaterThan(100);
  expect(staged.leads).toHaveLength(2_600);
  expect(staged).toEqual(imported(false));
});
