import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { deflatedRun, entry, workbookEntries, zipOf, type RawEntry } from './fixtures/zip-builder';
import { openXlsx, parseXlsx } from './xlsx';
import { ZipParts } from './zip';

const MB = 1024 * 1024;
const small = { totalBytes: MB, entries: 10 };
const ok = (entries: RawEntry[], aliases: { name: string; of: number }[] = []) => zipOf(entries, aliases);

describe('zip parts within a budget', () => {
  it('reads the parts asked for, and only those', async () => {
    // A gigabyte "image" beside a valid sheet: never inflated, so it costs nothing.
    const image: RawEntry = { name: 'xl/media/image1.png', body: await deflatedRun(1024 * MB), method: 8, size: 1024 * MB };
    const sheet = parseXlsx(zipOf([...workbookEntries(), image]));
    expect(sheet).toMatchObject({ headers: ['Nom'], records: [{ line: 2, cells: ['Dupont'] }] });
  });

  it('refuses two entries of the same name (whatever the case)', () => {
    const bytes = ok([entry('xl/workbook.xml', Buffer.from('<a/>')), entry('XL/Workbook.xml', Buffer.from('<b/>'))]);
    expect(() => new ZipParts(bytes, small)).toThrow('Damaged .xlsx file (the part XL/Workbook.xml appears twice)');
  });

  it('refuses directory entries that share compressed bytes', () => {
    const bytes = ok([entry('xl/worksheets/sheet1.xml', Buffer.from('<worksheet/>'))], [{ name: 'xl/sharedStrings.xml', of: 0 }]);
    expect(() => new ZipParts(bytes, small)).toThrow('Damaged .xlsx file (two entries share the same bytes)');
  });

  it('refuses an archive with more entries than the limit', () => {
    const bytes = ok(Array.from({ length: 11 }, (_, i) => entry(`part${i}.xml`, Buffer.from('<a/>'))));
    expect(() => new ZipParts(bytes, small)).toThrow('The archive has 11 entries; the limit is 10');
  });

  it('stops when the parts read declare more than the budget, before inflating them', async () => {
    const big: RawEntry = { name: 'xl/sharedStrings.xml', body: await deflatedRun(2 * MB), method: 8, size: 2 * MB };
    const zip = new ZipParts(ok([entry('xl/workbook.xml', Buffer.from('<a/>')), big]), small);
    expect(zip.read('xl/workbook.xml')?.toString()).toBe('<a/>');
    expect(() => zip.read('xl/sharedStrings.xml')).toThrow("The workbook's parts hold more than 1 MB once uncompressed (the limit; xl/sharedStrings.xml alone declares 2 MB)");
  });

  it('reads the sheets of one workbook within one budget, not one budget per sheet', () => {
    const sheet = (name: string) => Buffer.from(`<worksheet><sheetData><row r="1"><c t="inlineStr"><is><t>${name}</t></is></c></row></sheetData>${' '.repeat(0.6 * MB)}</worksheet>`);
    const book = openXlsx(
      ok([
        entry('xl/workbook.xml', Buffer.from('<workbook xmlns:r="r"><sheets><sheet name="Membres" r:id="rId1"/><sheet name="Absences" r:id="rId2"/></sheets></workbook>')),
        entry(
          'xl/_rels/workbook.xml.rels',
          Buffer.from('<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Target="worksheets/sheet2.xml"/></Relationships>'),
        ),
        entry('xl/worksheets/sheet1.xml', sheet('Nom')),
        entry('xl/worksheets/sheet2.xml', sheet('Début')),
      ]),
      small,
    );
    expect(book.sheet(0)?.headers).toEqual(['Nom']);
    // 0.6 MB + 0.6 MB: each sheet fits the 1 MB budget alone, not both together.
    expect(() => book.sheet(1)).toThrow("The workbook's parts hold more than 1 MB once uncompressed (the limit; xl/worksheets/sheet2.xml alone declares 1 MB)");
  });

  it('stops a part that inflates past the size it declares', async () => {
    const liar: RawEntry = { name: 'xl/worksheets/sheet1.xml', body: await deflatedRun(64 * MB), method: 8, size: 1000 };
    const zip = new ZipParts(ok([liar]), small);
    expect(() => zip.read('xl/worksheets/sheet1.xml')).toThrow('Damaged .xlsx file (xl/worksheets/sheet1.xml is not the size its directory declares)');
  });
});

describe('archive bombs through the import', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aig-bomb-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const tsxLoader = pathToFileURL(join(import.meta.dirname, '..', '..', 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

  /** Imports the file in a fresh process (preview, then run) and returns what it printed. */
  function importInChild(bytes: Buffer, name: string) {
    const file = join(dir, name);
    writeFileSync(file, bytes);
    const child = spawnSync(process.execPath, ['--import', tsxLoader, join(import.meta.dirname, 'fixtures', 'import-child.ts'), file, name], { encoding: 'utf8', timeout: 120_000 });
    expect(child.stderr).toBe('');
    return JSON.parse(child.stdout) as {
      preview: { ok: boolean; error?: { code: string; message: string } };
      run: { ok: boolean; error?: { code: string; message: string } };
      rssBefore: number;
      peakRss: number;
    };
  }

  it('refuses ~1 MB bombs of each shape with a clear error, the process staying under 300 MB', async () => {
    const gigabyte = await deflatedRun(1024 * MB, '<');
    const [workbook, rels] = workbookEntries();
    const bombs: [string, Buffer, string][] = [
      // The attack that took the app to 5.4 GB: many directory entries over the same compressed data.
      [
        'aliased.xlsx',
        zipOf(
          [workbook!, rels!, { name: 'xl/worksheets/sheet1.xml', body: gigabyte, method: 8, size: 512 * MB - 1 }],
          Array.from({ length: 40 }, (_, i) => ({ name: `xl/worksheets/sheet${i + 2}.xml`, of: 2 })),
        ),
        'two entries share the same bytes',
      ],
      ['honest.xlsx', zipOf([workbook!, rels!, { name: 'xl/worksheets/sheet1.xml', body: gigabyte, method: 8, size: 1024 * MB }]), 'more than 256 MB once uncompressed (the limit'],
      ['liar.xlsx', zipOf([workbook!, rels!, { name: 'xl/worksheets/sheet1.xml', body: gigabyte, method: 8, size: 4000 }]), 'is not the size its directory declares'],
    ];
    for (const [name, bytes, message] of bombs) {
      expect(bytes.length, name).toBeLessThan(1.5 * MB);
      const result = importInChild(bytes, name);
      console.log(`archive bomb ${name}: ${(bytes.length / MB).toFixed(2)} MB file, peak RSS ${(result.peakRss / MB).toFixed(0)} MB (${(result.rssBefore / MB).toFixed(0)} MB before the import)`);
      for (const answer of [result.preview, result.run]) {
        expect(answer, name).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
        expect(answer.error!.message, name).toContain(message);
      }
      expect(result.peakRss, name).toBeLessThan(300 * MB);
    }
  }, 300_000);
});
