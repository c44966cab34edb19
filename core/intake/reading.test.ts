/**
 * What the reader makes of damaged text files: a quote never closed, a file cut off, UTF-16
 * without a byte order mark or big-endian, binary files, a file bigger than a request can carry.
 */
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES } from '../commands/limits';
import { caller, testContext } from '../test-support';
import type { ImportReport } from './store';

const NOW = Date.UTC(2026, 10, 23, 9, 0);
const HEADER = 'Nom;Téléphone;Code postal;Ville\n';
const row = (i: number) => `Dupont${i};06123456${String(i).padStart(2, '0')};37000;Tours\n`;
const MAPPING = { lastName: 'Nom', phone: 'Téléphone', postalCode: 'Code postal', city: 'Ville' };

async function importText(bytes: Buffer, fileName = 'leads.csv') {
  const ctx = testContext(NOW);
  const { tryCall, tryCallAsync } = caller(ctx);
  const contentBase64 = bytes.toString('base64');
  const preview = await tryCallAsync('intake.preview', { fileName, contentBase64 });
  const run = tryCall('intake.run', { fileName, contentBase64, sourceName: 'Test', mapping: MAPPING });
  const leads = (ctx.db.prepare('SELECT count(*) AS n FROM leads').get() as { n: number }).n;
  return { preview, run, leads };
}

async function report(bytes: Buffer): Promise<{ report: ImportReport; leads: number }> {
  const { run, leads } = await importText(bytes);
  if (!run.ok) throw new Error(JSON.stringify(run.error));
  return { report: run.value, leads };
}

const messageOf = (r: ImportReport, line: number) => r.rows.find((x) => x.line === line)?.messages.join(' | ');

describe('reading damaged text files', () => {
  it('rejects from an unclosed quote to the end of the file, naming the line it opened on, and imports the rows before', async () => {
    const lines = [HEADER, row(1), row(2), 'Martin;"06 12 34 56 78;37000;Tours\n', ...Array.from({ length: 1000 }, (_, i) => row(i + 3))];
    const { report: r, leads } = await report(Buffer.from(lines.join('')));
    expect(r.dataRows).toBe(3);
    expect(r.counts).toEqual({ accepted: 2, warned: 0, rejected: 1 });
    expect(leads).toBe(2);
    expect(messageOf(r, 4)).toBe('A quote opened on line 4 is never closed: lines 4 to 1004 were not imported (close the quote and import the file again)');
  });

  it('rejects a record a stray quote stretches over several lines until another quote closes it', async () => {
    const lines = [HEADER, row(1), 'Martin;0612345678;"37000;Tours\n', row(2), row(3), 'Durand;0612345699;37000";Tours\n', row(4)];
    const { report: r } = await report(Buffer.from(lines.join('')));
    expect(r.counts).toEqual({ accepted: 2, warned: 0, rejected: 1 });
    expect(messageOf(r, 3)).toBe('A quoted value opened on line 3 runs to line 6 over lines that look like rows: a quote is probably not closed; lines 3 to 6 were not imported');
  });

  it('keeps a comment written on several lines between quotes', async () => {
    const { report: r } = await report(Buffer.from(`Nom;Téléphone;Code postal;Commentaire\nDupont;0612345678;26000;"Rappeler\nle matin; ou le soir\nmerci"\nMartin;0612345679;26000;ok\n`));
    expect(r.counts).toEqual({ accepted: 2, warned: 0, rejected: 0 });
  });

  it('rejects a last row cut off in the middle, with its line', async () => {
    const { report: r, leads } = await report(Buffer.from(HEADER + row(1) + row(2) + 'Martin;0612345678'));
    expect(r.counts).toEqual({ accepted: 2, warned: 0, rejected: 1 });
    expect(leads).toBe(2);
    expect(messageOf(r, 4)).toBe('The file ends in the middle of line 4 (2 values for 4 columns): it was cut off; line 4 was not imported');
  });

  it('reads UTF-16 files with or without a byte order mark, little- or big-endian', async () => {
    const text = HEADER + 'Élodie Béranger;0612345678;37000;Tours\n';
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.from(le).swap16();
    for (const [bytes, encoding] of [
      [le, 'utf-16le'],
      [be, 'utf-16be'],
      [Buffer.concat([Buffer.from([0xfe, 0xff]), be]), 'utf-16be'],
      [Buffer.concat([Buffer.from([0xff, 0xfe]), le]), 'utf-16le'],
    ] as const) {
      const { preview } = await importText(bytes);
      expect(preview).toMatchObject({ ok: true, value: { encoding, headers: ['Nom', 'Téléphone', 'Code postal', 'Ville'], dataRows: 1 } });
      expect(preview.ok && preview.value.rows[0]!.lead).toMatchObject({ firstName: 'Élodie', lastName: 'Béranger', city: 'Tours' });
    }
  });

  it('still reads Windows-1252 files', async () => {
    const { preview } = await importText(iconv.encode(HEADER + 'Bœuf;0612345678;37000;Tours\n', 'windows-1252'));
    expect(preview).toMatchObject({ ok: true, value: { encoding: 'windows-1252', dataRows: 1 } });
  });

  it('refuses binary files clearly, without importing anything', async () => {
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(200, 0), Buffer.from('IDAT')]);
    const xls = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(512, 0)]);
    let seed = 7;
    const noise = Buffer.from(Array.from({ length: 4000 }, () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 0xff));
    for (const [bytes, message] of [
      [png, 'This file is not text'],
      [noise, 'This file is not text'],
      [xls, 'This is an old Excel file (.xls): save it as .xlsx or CSV'],
    ] as const) {
      const { preview, run, leads } = await importText(bytes);
      for (const answer of [preview, run]) {
        expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
        expect(!answer.ok && answer.error.message).toContain(message);
      }
      expect(leads).toBe(0);
    }
  });

  it('refuses a file bigger than a request can carry with a validation error naming the limit', async () => {
    const { tryCall, tryCallAsync } = caller(testContext(NOW));
    const contentBase64 = 'A'.repeat((Math.ceil(MAX_FILE_BYTES / 3) + 1) * 4);
    for (const answer of [await tryCallAsync('intake.preview', { fileName: 'big.csv', contentBase64 }), tryCall('workflow.importFeedback', { fileName: 'big.csv', contentBase64 })]) {
      expect(answer).toMatchObject({
        ok: false,
        error: { code: 'invalid_input', issues: [{ path: ['contentBase64'], message: 'The file is larger than 47 MB, the most the app can receive: split it into smaller files' }] },
      });
    }
    expect(MAX_FILE_BYTES * (4 / 3)).toBeLessThan(64 * 1024 * 1024 - 1024 * 1024 + 4);
  });

  it('reports the broken lines of a member feedback file, and refuses a binary one', async () => {
    const { tryCall } = caller(testContext(NOW));
    const file = (text: string | Buffer) => ({ fileName: 'retours.csv', contentBase64: Buffer.from(text).toString('base64') });
    const answer = tryCall('workflow.importFeedback', file('Lead;Statut\n99;"gagné\n98;perdu\n'));
    expect(answer).toMatchObject({
      ok: true,
      value: {
        recorded: 0,
        rejected: 1,
        lines: [{ line: 2, ok: false, message: 'A quote opened on line 2 is never closed: lines 2 to 3 were not imported (close the quote and import the file again)' }],
      },
    });
    expect(tryCall('workflow.importFeedback', file(Buffer.alloc(100)))).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: 'The file could not be read: This file is not text (100 control characters in its first 100): import a CSV or XLSX file' },
    });
  });
});
