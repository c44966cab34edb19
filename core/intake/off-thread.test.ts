/**
 * The import worker: the host keeps answering while a 100,000-row file is read, normalised and
 * committed, and a preview followed by the import of the same file parses it once. On PostgreSQL
 * the file has 5,000 rows: the same phases and polls, where 100,000 rows took over five minutes on
 * a loaded machine (each batch's rows go to the server in round trips). SQLite's checkpoints
 * during an import: wal-checkpoint.test.ts.
 */
import { createHash } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { withLanguage } from '../language';
import { caller, testContext, testPostgres } from '../test-support';
import { numberedMapping as mapping, numberedRows as rows } from './fixtures/numbered-rows';
import { readOffThread, streamRowsOffThread } from './off-thread';

const NOW = Date.UTC(2026, 10, 23, 9, 0);
const ROWS = testPostgres() ? 5_000 : 100_000;

describe('imports off the main thread', () => {
  it(`answers other commands during every phase of a ${ROWS.toLocaleString('en-US')}-row import`, async () => {
    const ctx = testContext(NOW);
    const { call, callAsync } = caller(ctx);
    const contentBase64 = Buffer.from(rows(ROWS)).toString('base64');
    const preview = await callAsync('intake.preview', { fileName: 'big.csv', contentBase64, sourceName: 'Test' });
    expect(preview).toMatchObject({ dataRows: ROWS, rows: { length: 20 } });
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
    console.log(`${ROWS}-row import: commands answered while running, by phase ${JSON.stringify(answered)}; event loop max lag ${(delay.max / 1e6).toFixed(0)} ms`);
    expect(state).toMatchObject({ status: 'completed', report: { dataRows: ROWS, counts: { accepted: ROWS } } });
    // Answered while the worker read the file, and between committed batches (the worker normalising the next rows meanwhile).
    expect(answered.read ?? 0).toBeGreaterThan(0);
    expect(answered.insert ?? 0).toBeGreaterThan(1);
    ctx.db.close();
  }, 300_000);

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
