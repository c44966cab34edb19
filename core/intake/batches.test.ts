import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caller, testContext } from '../test-support';
import { prepareImport, type Progress } from './pipeline';

const NOW = Date.UTC(2026, 10, 23, 9, 0);

/** 20 valid rows: lines 2..21 of the file. */
function twentyRows(): string {
  const rows = Array.from({ length: 20 }, (_, i) => `Nom${i};Prénom${i};07 00 00 ${String(i).padStart(2, '0')} 00;37000;Tours`);
  return ['Nom;Prénom;Téléphone;CP;Ville', ...rows].join('\n');
}
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const mapping = { lastName: 'Nom', firstName: 'Prénom', phone: 'Téléphone', postalCode: 'CP', city: 'Ville' };

describe('intake batches', () => {
  it('keeps batches 1-2 whole and nothing of batch 3 when batch 3 of 5 fails, and says how far it got', () => {
    const ctx = testContext(NOW);
    const { call } = caller(ctx);
    // Line 11 is the 10th row: the 2nd row of batch 3 (rows 9-12) with batches of 4.
    ctx.db.exec("CREATE TEMP TRIGGER fail_line_11 BEFORE INSERT ON leads WHEN NEW.import_line = 11 BEGIN SELECT RAISE(ABORT, 'disk full (simulated)'); END");
    const report = call('intake.run', { fileName: 'x.csv', contentBase64: b64(twentyRows()), sourceName: 'Test', mapping, batchSize: 4 });
    expect(report).toMatchObject({ status: 'failed', dataRows: 20, committedRows: 8, committedBatches: 2, counts: { accepted: 8, warned: 0, rejected: 0 }, acceptedLines: [[2, 9]], error: 'disk full (simulated)' });
    const lines = call('leads.list', { sort: 'received_asc', limit: 100 }).items.map((l) => l.importLine).sort((a, b) => a! - b!);
    expect(lines).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    expect(ctx.db.prepare('SELECT count(*) AS n FROM lead_events').get()).toEqual({ n: 8 });
    expect(call('intake.report', { importId: report.importId })).toEqual(report);
    // The committed part can still be undone as a whole.
    expect(call('intake.undo', { importId: report.importId }).removedLeads).toBe(8);
  });

  it('reports progress through a callback, from a pure function a worker can run', () => {
    const seen: Progress[] = [];
    const prepared = prepareImport('x.csv', Buffer.from(twentyRows()), null, { now: NOW, sourceName: 'Test', onProgress: (p) => seen.push(p) });
    expect(prepared.rows.map((r) => r.outcome)).toEqual(Array(20).fill('accepted'));
    expect(seen.at(-1)).toEqual({ phase: 'normalise', done: 20, total: 20 });
    expect(seen[0]).toMatchObject({ phase: 'read', done: 0 });
  });

  it('never throws on malformed CSV and accounts for every data row', () => {
    const alphabet = fc.constantFrom(';', ',', '\t', '"', '\n', '\r\n', ' ', 'a', 'É', 'é', '0', '6', '7', '@', '.', '+', 'x', '12', '37000', 'Tours', '06 12 34 56 78', 'a@b.fr');
    const header = fc.constantFrom('Nom;Téléphone;E-mail;CP\n', 'Name,Phone,Email\n', '"Nom"\t"Tél"\n', '', '"\n');
    const file = fc.tuple(header, fc.array(alphabet, { maxLength: 120 })).map(([h, parts]) => h + parts.join(''));
    fc.assert(
      fc.property(file, (text) => {
        const ctx = testContext(NOW);
        const { tryCall } = caller(ctx);
        const contentBase64 = b64(text);
        const preview = tryCall('intake.preview', { fileName: 'f.csv', contentBase64 });
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
