/**
 * The import worker: the host keeps answering while a 100,000-row file is read, normalised and
 * committed, and a preview followed by the import of the same file parses it once.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { caller, testContext } from '../test-support';

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
    // Answered while the worker read and normalised the file, and between committed batches.
    expect(answered.normalise ?? 0).toBeGreaterThan(0);
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
    expect(state).toMatchObject({ status: 'error', error: { code: 'invalid_input', message: 'The file could not be read: This file is not text (500 control characters in its first 500): import a CSV or XLSX file' } });
  });
});
