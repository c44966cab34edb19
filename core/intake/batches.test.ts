import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caller, failWrites, testContext } from '../test-support';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { prepareImport, type Progress } from './pipeline';
import { markInterrupted } from './store';

const NOW = Date.UTC(2026, 10, 23, 9, 0);

/** n valid rows (20 by default): lines 2..n+1 of the file. */
function twentyRows(n = 20): string {
  const rows = Array.from({ length: n }, (_, i) => `Nom${i};Prénom${i};07 00 ${String(Math.floor(i / 100)).padStart(2, '0')} ${String(i % 100).padStart(2, '0')} 00;37000;Tours`);
  return ['Nom;Prénom;Téléphone;CP;Ville', ...rows].join('\n');
}
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const mapping = { lastName: 'Nom', firstName: 'Prénom', phone: 'Téléphone', postalCode: 'CP', city: 'Ville' };

// Imports thousands of rows, some through the background job and its worker thread.
describe('intake batches', { timeout: 60_000 }, () => {
  it('keeps batches 1-2 whole and nothing of batch 3 when batch 3 of 5 fails, and says how far it got', () => {
    const ctx = testContext(NOW);
    const { call } = caller(ctx);
    // Line 11 is the 10th row: the 2nd row of batch 3 (rows 9-12) with batches of 4.
    failWrites(ctx.db, 'fail_line_11', 'BEFORE INSERT', 'leads', 'disk full (simulated)', 'NEW.import_line = 11');
    const report = call('intake.run', { fileName: 'x.csv', contentBase64: b64(twentyRows()), sourceName: 'Test', mapping, batchSize: 4 });
    expect(report).toMatchObject({
      status: 'failed',
      dataRows: 20,
      committedRows: 8,
      committedBatches: 2,
      counts: { accepted: 8, warned: 0, rejected: 0 },
      acceptedLines: [[2, 9]],
      error: 'disk full (simulated)',
    });
    const lines = call('leads.list', { sort: 'received_asc', limit: 100 })
      .items.map((l) => l.importLine)
      .sort((a, b) => a! - b!);
    expect(lines).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    expect(ctx.db.prepare('SELECT count(*) AS n FROM lead_events').get()).toEqual({ n: 8 });
    expect(call('intake.report', { importId: report.importId })).toEqual(report);
    // The committed part can still be undone as a whole.
    expect(call('intake.undo', { importId: report.importId }).removedLeads).toBe(8);
  });

  // A batch gives leads their ids and reads their duplicates in file order, whatever the order of their call dates.
  it('numbers leads and names duplicates by file line when the call dates run backwards', () => {
    const ctx = testContext(NOW);
    const { call } = caller(ctx);
    const file = [
      'Nom;Prénom;Téléphone;CP;Ville;Date',
      'Martin;Jean;06 11 22 33 44;37000;Tours;20/10/2026 10:00',
      'Durand;Anne;07 55 66 77 88;37000;Tours;12/10/2026 09:00',
      'Martin;Jean;06 11 22 33 44;37000;Tours;02/10/2026 16:00',
    ].join('\n');
    const report = call('intake.run', { fileName: 'x.csv', contentBase64: b64(file), sourceName: 'Test', mapping: { ...mapping, receivedAt: 'Date' } });
    expect(report.counts).toEqual({ accepted: 2, warned: 1, rejected: 0 });
    const leads = ctx.db.prepare('SELECT id, import_line AS line, received_at AS at FROM leads ORDER BY id').all() as { id: number; line: number; at: number }[];
    expect(leads.map((l) => l.line)).toEqual([2, 3, 4]);
    expect(leads.map((l) => new Date(l.at).toISOString().slice(0, 10))).toEqual(['2026-10-20', '2026-10-12', '2026-10-02']);
    const [first, , again] = leads;
    expect(report.rows).toEqual([{ line: 4, outcome: 'warned', leadId: again!.id, messages: [expect.stringContaining('line 2')] }]);
    expect(ctx.db.prepare('SELECT lead_id AS "leadId", other_id AS "otherId" FROM lead_duplicates').all()).toEqual([{ leadId: again!.id, otherId: first!.id }]);
    // What the row triggers would have written, for each lead: its event, its search entry, its KPI facts.
    expect(call('leads.list', { search: 'Martin' }).total).toBe(2);
    expect(ctx.db.prepare('SELECT lead_id AS id FROM lead_facts ORDER BY lead_id').all()).toEqual(leads.map(({ id }) => ({ id })));
    expect(ctx.db.prepare("SELECT lead_id AS id FROM lead_events WHERE type = 'imported' ORDER BY lead_id").all()).toEqual(leads.map(({ id }) => ({ id })));
  });

  it('refuses to import the same file twice, until the first import is undone', () => {
    const { call, tryCall } = caller(testContext(NOW));
    const input = { fileName: 'x.csv', contentBase64: b64(twentyRows()), sourceName: 'Test', mapping };
    const first = call('intake.run', input);
    const again = tryCall('intake.run', { ...input, fileName: 'renamed.csv' });
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(!again.ok && again.error.message).toContain(`import #${first.importId}`);
    expect(tryCall('intake.start', input)).toMatchObject({ ok: false, error: { code: 'conflict' } });
    call('intake.undo', { importId: first.importId });
    expect(call('intake.run', input).counts.accepted).toBe(20);
  });

  // The background job's worker skips the rows committed before instead of normalising them again.
  it.each(['intake.run', 'intake.start'] as const)('resumes an interrupted import after its last committed batch, without duplicates (%s)', async (resumeWith) => {
    const ctx = testContext(NOW);
    const { call } = caller(ctx);
    const input = { fileName: 'x.csv', contentBase64: b64(twentyRows()), sourceName: 'Test', mapping, batchSize: 4 };
    const repaired = failWrites(ctx.db, 'crash', 'BEFORE INSERT', 'leads', 'killed', 'NEW.import_line = 11');
    const cut = call('intake.run', input);
    // A kill leaves the import marked running; the next start calls it interrupted.
    ctx.db.prepare("UPDATE imports SET status = 'running', error = NULL WHERE id = ?").run(cut.importId);
    expect(markInterrupted(ctx.db, NOW)).toBe(1);
    expect(call('intake.report', { importId: cut.importId })).toMatchObject({ status: 'failed', committedRows: 8, error: expect.stringContaining('Import the same file again') });
    repaired();
    let resumed;
    if (resumeWith === 'intake.run') resumed = call('intake.run', input);
    else {
      const { jobId } = call('intake.start', input);
      let state;
      while ((state = call('intake.progress', { jobId })).status === 'running') await nextTurn();
      resumed = state.status === 'completed' && state.report;
    }
    expect(resumed).toMatchObject({ importId: cut.importId, status: 'completed', committedRows: 20, counts: { accepted: 20, warned: 0, rejected: 0 }, error: null });
    const lines = ctx.db.prepare('SELECT import_line FROM leads ORDER BY import_line').pluck().all();
    expect(lines).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
    expect(call('intake.list', {})).toHaveLength(1);
  });

  it('imports in the background with progress, answering other calls meanwhile', async () => {
    const { call } = caller(testContext(NOW));
    const { jobId } = call('intake.start', { fileName: 'big.csv', contentBase64: b64(twentyRows(5000)), sourceName: 'Test', mapping, batchSize: 500 });
    const seen: string[] = [];
    let state = call('intake.progress', { jobId });
    while (state.status === 'running') {
      seen.push(`${state.progress.phase}:${state.progress.done}`);
      // Another command in the middle of the import is served at once.
      call('queue.list', { limit: 1 });
      await nextTurn();
      state = call('intake.progress', { jobId });
    }
    expect(state).toMatchObject({ status: 'completed', report: { counts: { accepted: 5000 } } });
    // Batches of at most 500 rows, fewer when the machine is slow (each holds the event loop ~40 ms).
    expect(state.status === 'completed' && state.report.committedBatches).toBeGreaterThanOrEqual(10);
    // Reading in the worker, then committing here (off-thread.test.ts follows every phase of a bigger file).
    expect(seen[0]).toBe('read:0');
    expect(seen.filter((s) => s.startsWith('insert:')).length).toBeGreaterThan(1);
    expect(call('leads.list', { limit: 1 }).total).toBe(5000);
  });

  it('cancels a background import and undoes what it committed', async () => {
    const { call } = caller(testContext(NOW));
    const { jobId } = call('intake.start', { fileName: 'big.csv', contentBase64: b64(twentyRows(3000)), sourceName: 'Test', mapping, batchSize: 200 });
    let state = call('intake.progress', { jobId });
    while (state.status === 'running' && !(state.progress.phase === 'insert' && state.progress.done >= 400)) {
      await nextTurn();
      state = call('intake.progress', { jobId });
    }
    expect(call('intake.cancel', { jobId })).toMatchObject({ status: 'running', cancelling: true });
    while ((state = call('intake.progress', { jobId })).status === 'running') await nextTurn();
    expect(state).toMatchObject({ status: 'cancelled' });
    expect(state.status === 'cancelled' && state.removedLeads).toBeGreaterThanOrEqual(400);
    expect(call('leads.list', { limit: 1 }).total).toBe(0);
    expect(call('intake.list', {})[0]!.status).toBe('undone');
  });

  it('says clearly when a job is unknown', () => {
    const { tryCall } = caller(testContext(NOW));
    expect(tryCall('intake.progress', { jobId: '00000000-0000-4000-8000-000000000000' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('reports progress through a callback, from a pure function a worker can run', () => {
    const seen: Progress[] = [];
    const prepared = prepareImport('x.csv', Buffer.from(twentyRows()), null, { now: NOW, sourceName: 'Test', onProgress: (p) => seen.push(p) });
    expect(prepared.rows.map((r) => r.outcome)).toEqual(Array(20).fill('accepted'));
    expect(seen.at(-1)).toEqual({ phase: 'normalise', done: 20, total: 20 });
    expect(seen[0]).toMatchObject({ phase: 'read', done: 0 });
  });

  it('never throws on malformed CSV and accounts for every data row', async () => {
    const alphabet = fc.constantFrom(';', ',', '\t', '"', '\n', '\r\n', ' ', 'a', 'É', 'é', '0', '6', '7', '@', '.', '+', 'x', '12', '37000', 'Tours', '06 12 34 56 78', 'a@b.fr');
    const header = fc.constantFrom('Nom;Téléphone;E-mail;CP\n', 'Name,Phone,Email\n', '"Nom"\t"Tél"\n', '', '"\n');
    const file = fc.tuple(header, fc.array(alphabet, { maxLength: 120 })).map(([h, parts]) => h + parts.join(''));
    await fc.assert(
      fc.asyncProperty(file, async (text) => {
        const ctx = testContext(NOW);
        const { tryCall, tryCallAsync } = caller(ctx);
        const contentBase64 = b64(text);
        const preview = await tryCallAsync('intake.preview', { fileName: 'f.csv', contentBase64 });
        expect(preview.ok).toBe(true);
        if (!preview.ok) return;
        const run = tryCall('intake.run', { fileName: 'f.csv', contentBase64, sourceName: 'Fuzz', mapping: preview.value.mapping });
        expect(run.ok).toBe(true);
        if (!run.ok) return;
        const { accepted, warned, rejected } = run.value.counts;
        expect(accepted + warned + rejected).toBe(preview.value.dataRows);
        expect(run.value.status).toBe('completed');
        ctx.db.close();
      }),
      { seed: 20261123, numRuns: 150 },
    );
  });
});
