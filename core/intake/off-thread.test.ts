/**
 * The import worker: the host keeps answering while a 100,000-row file is read, normalised and
 * committed, and a preview followed by the import of the same file parses it once.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { Context } from '../commands/define';
import { openDatabase, sqliteOf } from '../db/connection';
import { withLanguage } from '../language';
import { caller, testContext } from '../test-support';
import { readOffThread, streamRowsOffThread } from './off-thread';

const NOW = Date.UTC(2026, 10, 23, 9, 0);
const mapping = { lastName: 'Nom', phone: 'Téléphone', postalCode: 'Code postal', city: 'Ville' };

function rows(n: number): string {
  const lines = ['Nom;Téléphone;Code postal;Ville'];
  for (let i = 0; i < n; i++) lines.push(`Dupont${i};06${String(10_000_000 + i).slice(-8)};37000;Tours`);
  return lines.join('\n') + '\n';
}

describe('imports off the main thread', () => {
  it('answers other commands during every phase of a 100,000-row import', async () => {
    const ctx = testContext(NOW);
    const { call, callAsync } = caller(ctx);
    const contentBase64 = Buffer.from(rows(100_000)).toString('base64');
    const preview = await callAsync('intake.preview', { fileName: 'big.csv', contentBase64, sourceName: 'Test' });
    expect(preview).toMatchObject({ dataRows: 100_000, rows: { length: 20 } });
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const { jobId } = call('intake.start', { fileName: 'big.csv', contentBase64, sourceName: 'Test', mapping });
    // A poll every 20 ms, as the window does: each time, another command is answered too.
    const answered: Record<string, number> = {};
    let state = call('intake.progress', { jobId });
    while (state.status === 'running') {
      expect(call('leads.list', { limit: 1 })).toHaveProperty('total');
      answered[state.progress.phase] = (answered[state.progress.phase] ?? 0) + 1;
      await sleep(20);
      state = call('intake.progress', { jobId });
    }
    delay.disable();
    console.log(`100,000-row import: commands answered while running, by phase ${JSON.stringify(answered)}; event loop max lag ${(delay.max / 1e6).toFixed(0)} ms`);
    expect(state).toMatchObject({ status: 'completed', report: { dataRows: 100_000, counts: { accepted: 100_000 } } });
    // Answered while the worker read the file, and between committed batches (the worker normalising the next rows meanwhile).
    expect(answered.read ?? 0).toBeGreaterThan(0);
    expect(answered.insert ?? 0).toBeGreaterThan(1);
    ctx.db.close();
  }, 300_000);

  it('leaves the checkpoints of a file database to the worker during the import, the WAL kept small', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'aig-checkpoint-')), 'import.sqlite');
    const ctx: Context = { db: openDatabase(file), dbPath: file, actor: 'test', now: () => NOW };
    const sqlite = sqliteOf(ctx.db, 'wal_autocheckpoint');
    const { call } = caller(ctx);
    const { jobId } = call('intake.start', { fileName: 'big.csv', contentBase64: Buffer.from(rows(20_000)).toString('base64'), sourceName: 'Test', mapping });
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

  it('refuses an unreadable file in the background job with the reason', async () => {
    const { call } = caller(testContext(NOW));
    const { jobId } = call('intake.start', { fileName: 'x.csv', contentBase64: Buffer.alloc(500).toString('base64'), sourceName: 'Test', mapping });
    let state = call('intake.progress', { jobId });
    while (state.status === 'running') {
      await sleep(10);
      state = call('intake.progress', { jobId });
    }
    expect(state).toMatchObject({
      status: 'error',
      error: { code: 'invalid_input', message: 'The file could not be read: This file is not text (500 control characters in its first 500): import a CSV or XLSX file' },
    });
  });

  describe('the file kept between requests', () => {
    const request = (content: Buffer, fingerprint: string | null) => ({ fileName: 'salon.csv', content, fingerprint, mapping, sourceName: 'Test', now: NOW, missingPlace: 'reject' as const });
    const unclosed = (label: string) => Buffer.from(`Nom;Téléphone;Code postal;Ville\nDupont;0611111111;37000;Tours\n"${label};0622222222;37000;Tours\n`);

    it('parses a file once for its preview and the import that follows', async () => {
      const content = Buffer.from(rows(1_000) + '-kept\n');
      // As intake.preview asks (no fingerprint), then intake.start (the SHA-256 it computes).
      const preview = await readOffThread({ ...request(content, null), kind: 'preview', limit: 20 });
      const rowsOfImport: unknown[] = [];
      const prepared = await streamRowsOffThread({ ...request(content, createHash('sha256').update(content).digest('hex')), kind: 'prepare', skip: 0 });
      for (let chunk; (chunk = await prepared.next());) rowsOfImport.push(...chunk);
      expect([preview.parsed, prepared.parsed]).toEqual([true, false]);
      expect([prepared.dataRows, rowsOfImport.length]).toEqual([1_001, 1_001]);
      // The import let the file go: the next request for it parses it again.
      expect((await readOffThread({ ...request(content, null), kind: 'preview', limit: 20 })).parsed).toBe(true);
    });

    it('parses it again for a call in another language, whose messages it needs in that language', async () => {
      const content = unclosed('Durand');
      const message = async () => {
        const read = await readOffThread({ ...request(content, null), kind: 'preview', limit: 20 });
        return { parsed: read.parsed, error: read.rows.find((r) => r.errors.length)?.errors[0]?.message };
      };
      const fr = await withLanguage('fr', message);
      const en = await withLanguage('en', message);
      expect(fr).toEqual({ parsed: true, error: expect.stringMatching(/^Un guillemet ouvert ligne 3 n’est jamais fermé/) });
      expect(en).toEqual({ parsed: true, error: expect.stringMatching(/^A quote opened on line 3 is never closed/) });
      // The same file in the same language again: kept, not parsed.
      expect(await withLanguage('en', message)).toEqual({ ...en, parsed: false });
    });
  });
});
