/**
 * Hostile-input campaigns on the two import paths (CSV and XLSX): 10,000 generated malformed
 * files each (500 on PostgreSQL), with fixed seeds, pushed through intake.preview then intake.run on an in-memory
 * database. Properties, every time: no exception and no `internal` error (a file that is not a
 * table at all may be refused with a clean `invalid_input`); a refused file leaves the database
 * as it was (on the CSV path, only a zip or binary data may be refused); an imported file accounts for every data row (accepted + warned + rejected = data
 * rows, each line reported once) and adds exactly accepted + warned leads. For the well-formed
 * part of the campaign the data rows are also checked against what the generator wrote.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { Context } from '../commands/define';
import { caller, testContext, testPostgres } from '../test-support';
import { entry, zipOf } from './fixtures/zip-builder';
import { readFile } from './pipeline';

const NOW = Date.UTC(2026, 10, 23, 9, 0);
/** PostgreSQL: the same generators, seeds and properties over the first 500 files; 10,000 of them imported through round trips took far past the time limit. */
const RUNS = testPostgres() ? 500 : 10_000;

// ---------------------------------------------------------------- cells and tables

const HEADERS = [
  'Nom',
  'Prénom',
  'Téléphone',
  'Mobile',
  'E-mail',
  'Courriel',
  'Code postal',
  'CP',
  'Ville',
  'Société',
  'Date de la demande',
  'Commentaire',
  'Consentement',
  'Source',
  'Produit',
  'Civilité',
  'Name',
  'Phone',
  'Email',
  'Zip',
  'Company',
  '',
  ' ',
  'Nom',
  '=Nom',
  '"Nom',
  'Téléphone\n2',
];
const PLAIN = [
  'Dupont',
  'Élodie',
  'Bœuf & Cie',
  '06 12 34 56 78',
  '+33 6 12 34 56 78',
  '0612345678',
  '612345678',
  'a@b.fr',
  'jean.dupont@orange.fr',
  '37000',
  '1000',
  '75011',
  'Tours',
  '2026-03-14 09:30',
  '14/03/2026',
  '46000.5',
  'oui',
  'non',
  'M.',
  'Mme',
  '',
  ' ',
  '-12',
  '3,5',
];
const HOSTILE = [
  '=HYPERLINK("http://evil.example","x")',
  '=1+1',
  '+1+1',
  '-2+3',
  '@SUM(A1)',
  '\t=cmd',
  '\r=1',
  "=cmd|' /C calc'!A0",
  '"',
  '""',
  '"a',
  'a"b',
  '\0',
  '\0\0abc',
  '\uFEFF',
  '\uFFFD',
  '\u202e',
  '😀',
  '\ud800',
  '<c>',
  '&amp;',
  '&#0;',
  '&#x110000;',
  ']]>',
  '\\',
  '%s%n',
  ';',
  ',',
  '\t',
  '\n',
  '\r\n',
  'a\rb',
  '\u2028',
  '\u00a0',
  'ÿþ',
  'ï»¿',
  '\x1b[2J',
  'null',
  'undefined',
  '__proto__',
  'constructor',
  'NaN',
  '1e400',
  '-0',
];

const cell: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...PLAIN), weight: 6 },
  { arbitrary: fc.constantFrom(...HOSTILE), weight: 3 },
  { arbitrary: fc.string({ maxLength: 12, unit: 'binary' }), weight: 2 },
  { arbitrary: fc.string({ maxLength: 40, unit: 'grapheme' }), weight: 1 },
  { arbitrary: fc.string({ maxLength: 300 }), weight: 1 },
);

/** A header and rows; mostly small, sometimes very wide, rarely with a cell of about 1 MB. */
const table: fc.Arbitrary<string[][]> = fc
  .oneof(
    { arbitrary: fc.array(fc.oneof(fc.constantFrom(...HEADERS), cell), { maxLength: 9 }), weight: 30 },
    { arbitrary: fc.integer({ min: 200, max: 3000 }).map((n) => Array.from({ length: n }, (_, i) => HEADERS[i % HEADERS.length]! + i)), weight: 1 },
  )
  .chain((header) =>
    fc.tuple(
      fc.constant(header),
      fc.array(
        fc.oneof(
          { arbitrary: fc.array(cell, { minLength: header.length, maxLength: header.length }), weight: header.length > 100 ? 0 : 3 },
          { arbitrary: fc.array(cell, { maxLength: 12 }), weight: 2 },
        ),
        { maxLength: 8 },
      ),
      fc.oneof(
        { arbitrary: fc.constant(null), weight: 500 },
        { arbitrary: fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 200_000, max: 1_200_000 }), fc.constantFrom('x', 'é', '=', '"', ';', '\0')), weight: 1 },
      ),
    ),
  )
  .map(([header, rows, huge]) => {
    const all = [header, ...rows];
    if (huge) {
      const [r, c, size, ch] = huge;
      const row = all[r % all.length]!;
      row[row.length ? c % row.length : 0] = ch.repeat(size);
    }
    return all;
  });

/** Rows the reader must find, header included, when the file is well formed. */
const nonBlank = (rows: string[][]) => rows.filter((r) => r.some((c) => c.trim() !== '')).length;

// ---------------------------------------------------------------- byte-level damage

type Damage = { kind: 'none' } | { kind: 'insert' | 'flip'; at: number[]; bytes: number[] } | { kind: 'truncate' | 'append'; at: number; bytes: number[] };

const damage: fc.Arbitrary<Damage> = fc.oneof(
  { arbitrary: fc.constant({ kind: 'none' as const }), weight: 6 },
  {
    arbitrary: fc.record({
      kind: fc.constantFrom('insert' as const, 'flip' as const),
      at: fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
      bytes: fc.array(fc.nat(255), { minLength: 1, maxLength: 6 }),
    }),
    weight: 2,
  },
  { arbitrary: fc.record({ kind: fc.constantFrom('truncate' as const, 'append' as const), at: fc.nat(), bytes: fc.array(fc.nat(255), { maxLength: 64 }) }), weight: 2 },
);

function applyDamage(bytes: Buffer, d: Damage): Buffer {
  switch (d.kind) {
    case 'none':
      return bytes;
    case 'flip': {
      const out = Buffer.from(bytes);
      if (out.length) d.at.forEach((at, i) => (out[at % out.length] = d.bytes[i % d.bytes.length]!));
      return out;
    }
    case 'insert': {
      let out = bytes;
      for (const [i, at] of d.at.entries()) {
        const p = at % (out.length + 1);
        out = Buffer.concat([out.subarray(0, p), Buffer.from([d.bytes[i % d.bytes.length]!]), out.subarray(p)]);
      }
      return out;
    }
    case 'truncate':
      return bytes.subarray(0, d.at % (bytes.length + 1));
    case 'append':
      return Buffer.concat([bytes, Buffer.from(d.bytes)]);
  }
}

// ---------------------------------------------------------------- CSV files

type Encoding = 'utf8' | 'utf8bom' | 'cp1252' | 'utf16le-bom' | 'utf16le' | 'utf16be-bom' | 'utf16be' | 'mixed';
const CLEAN_ENCODINGS: Encoding[] = ['utf8', 'utf8bom', 'cp1252', 'utf16le-bom', 'utf16be-bom'];

function encode(text: string, encoding: Encoding, seed: number): Buffer {
  switch (encoding) {
    case 'utf8':
      return Buffer.from(text, 'utf8');
    case 'utf8bom':
      return Buffer.from('\uFEFF' + text, 'utf8');
    case 'cp1252':
      return iconv.encode(text, 'windows-1252');
    case 'utf16le-bom':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'utf16le':
      return Buffer.from(text, 'utf16le');
    case 'utf16be-bom':
      return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
    case 'utf16be':
      return Buffer.from(text, 'utf16le').swap16();
    case 'mixed': {
      // Lines in turn in UTF-8, Windows-1252 and UTF-16, as when files are pasted together.
      const parts = text.split('\n').map((line, i) => {
        const e = (['utf8', 'cp1252', 'utf16le', 'utf8bom'] as const)[(i + seed) % 4]!;
        return encode(line + '\n', e, seed);
      });
      return Buffer.concat(parts);
    }
  }
}

/** What the decoder sees of a cell once the file is encoded (1252 has no emoji). */
function roundTrip(value: string, encoding: Encoding): string {
  return encoding === 'cp1252' ? iconv.decode(iconv.encode(value, 'windows-1252'), 'windows-1252') : value;
}

interface CsvCase {
  rows: string[][];
  separator: string;
  quoting: 'needed' | 'all' | 'never' | 'broken';
  eol: '\n' | '\r\n' | '\r' | 'mixed';
  encoding: Encoding;
  damage: Damage;
  seed: number;
}

function csvText(c: CsvCase): string {
  const quote = (v: string, i: number): string => {
    const needed = /[;,\t"\r\n|]/.test(v) || v !== v.trim();
    switch (c.quoting) {
      case 'needed':
        return needed ? `"${v.replace(/"/g, '""')}"` : v;
      case 'all':
        return `"${v.replace(/"/g, '""')}"`;
      case 'never':
        return v;
      case 'broken':
        // An opening quote never closed, or inner quotes not doubled.
        return (i + c.seed) % 3 === 0 ? `"${v}` : (i + c.seed) % 3 === 1 ? `"${v}"x"` : v;
    }
  };
  const eol = (i: number) => (c.eol === 'mixed' ? ['\n', '\r\n', '\r'][(i + c.seed) % 3]! : c.eol);
  return c.rows.map((r, i) => r.map(quote).join(c.separator) + eol(i)).join('');
}

/** Whole files that are not tables at all, or nearly nothing. */
const oddFile = fc.oneof(
  fc.constant(Buffer.alloc(0)),
  fc.constant(Buffer.from([0xef, 0xbb, 0xbf])),
  fc.constant(Buffer.from([0xff, 0xfe])),
  fc.constant(Buffer.from('Nom;Téléphone;E-mail\n')),
  fc.constant(Buffer.from('Nom;Téléphone;E-mail')),
  fc.nat(5000).map((n) => Buffer.alloc(n)),
  fc.uint8Array({ maxLength: 3000 }).map((b) => Buffer.from(b)),
  fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.concat([Buffer.from('PK\x03\x04'), b])),
);

/** Characters no text file holds (tab, line breaks, vertical tab and form feed aside). */
const CONTROL = /[\x00-\x08\x0e-\x1f]/;

const csvFile: fc.Arbitrary<{ bytes: Buffer; expectedRows: number | null; mayBeBinary: boolean }> = fc.oneof(
  {
    weight: 20,
    arbitrary: fc
      .record({
        rows: table,
        separator: fc.constantFrom(';', ',', '\t', '|'),
        quoting: fc.constantFrom('needed' as const, 'needed' as const, 'all' as const, 'never' as const, 'broken' as const),
        eol: fc.constantFrom('\n' as const, '\r\n' as const, '\r' as const, 'mixed' as const),
        encoding: fc.constantFrom<Encoding>('utf8', 'utf8', 'utf8bom', 'cp1252', 'utf16le-bom', 'utf16le', 'utf16be-bom', 'utf16be', 'mixed'),
        damage,
        seed: fc.nat(),
      })
      .map((c) => {
        const clean = (c.quoting === 'needed' || c.quoting === 'all') && c.separator !== '|' && CLEAN_ENCODINGS.includes(c.encoding) && c.damage.kind === 'none' && (c.rows[0]?.length ?? 0) >= 2;
        const bytes = applyDamage(encode(csvText(c), c.encoding, c.seed), c.damage);
        // "ÿþ" at the start of a Windows-1252 file is, byte for byte, a UTF-16 byte order mark.
        const bomLike = c.encoding === 'cp1252' && bytes[0] === 0xff && bytes[1] === 0xfe;
        const expectedRows = clean && !bomLike ? Math.max(0, nonBlank(c.rows.map((r) => r.map((v) => roundTrip(v, c.encoding)))) - 1) : null;
        // A clean file may be refused as binary only for control characters written in its cells.
        const mayBeBinary = !clean || c.rows.some((r) => r.some((v) => CONTROL.test(v)));
        return { bytes, expectedRows, mayBeBinary };
      }),
  },
  { weight: 1, arbitrary: oddFile.map((bytes) => ({ bytes, expectedRows: null, mayBeBinary: true })) },
);

// ---------------------------------------------------------------- XLSX files

const zip = (entries: [name: string, data: Buffer][], deflate: boolean) => zipOf(entries.map(([name, data]) => entry(name, data, deflate)));

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function columnName(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** XML-level damage the reader must survive: odd references, entities, indexes, numbers. */
type XmlQuirk = 'none' | 'hugeRef' | 'lowerRef' | 'noRef' | 'badEntity' | 'badShared' | 'noShared' | 'badDate' | 'unclosed' | 'noSheet' | 'badRels' | 'rowNoR' | 'emptyZip';

interface XlsxCase {
  rows: string[][];
  kinds: number[];
  quirk: XmlQuirk;
  deflate: boolean;
  damage: Damage;
  renamed: boolean;
}

function sheetXml(c: XlsxCase, strings: string[]): string {
  const rows = c.rows.map((row, r) => {
    const cells = row.map((v, i) => {
      const ref = c.quirk === 'hugeRef' && i === 0 && r === 1 ? 'ZZZZZZZZ2' : c.quirk === 'lowerRef' ? `${columnName(i).toLowerCase()}${r + 1}` : `${columnName(i)}${r + 1}`;
      const rAttr = c.quirk === 'noRef' ? '' : ` r="${ref}"`;
      const kind = c.kinds[(r * 7 + i) % c.kinds.length]!;
      if (v === '' && kind % 2 === 0) return `<c${rAttr}/>`;
      if (c.quirk === 'badDate' && i === 0) return `<c${rAttr} s="1"><v>${['1e300', 'abc', '-1e12', 'NaN', ''][r % 5]}</v></c>`;
      if (/^-?\d+(\.\d+)?$/.test(v) && kind % 3 === 0) return `<c${rAttr}${kind % 2 ? ' s="1"' : ''}><v>${v}</v></c>`;
      switch (kind % 4) {
        case 0:
          strings.push(v);
          return `<c${rAttr} t="s"><v>${c.quirk === 'badShared' ? strings.length + 5 : strings.length - 1}</v></c>`;
        case 1:
          return `<c${rAttr} t="inlineStr"><is><t xml:space="preserve">${escapeXml(v)}</t></is></c>`;
        case 2:
          return `<c${rAttr} t="str"><f>CONCAT("=",A1)</f><v>${escapeXml(v)}</v></c>`;
        default:
          strings.push(v);
          return `<c${rAttr} t="s"><f>HYPERLINK("http://x")</f><v>${strings.length - 1}</v></c>`;
      }
    });
    const body = cells.join('') + (c.quirk === 'badEntity' && r === 1 ? '<c t="inlineStr"><is><t>&#xFFFFFFF;&#0;&bogus;&#99999999999;</t></is></c>' : '');
    const rowAttr = c.quirk === 'rowNoR' ? '' : ` r="${r + 1}"`;
    return c.quirk === 'unclosed' && r === 1 ? `<row${rowAttr}>${body}` : `<row${rowAttr}>${body}</row>`;
  });
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows.join('')}</sheetData></worksheet>`;
}

function xlsxBytes(c: XlsxCase): Buffer {
  if (c.quirk === 'emptyZip') return zip([], c.deflate);
  const strings: string[] = [];
  const sheet = sheetXml(c, strings);
  const shared = `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${strings.length}">${strings.map((s) => `<si><t xml:space="preserve">${escapeXml(s)}</t></si>`).join('')}</sst>`;
  const entries: [string, Buffer][] = [
    ['[Content_Types].xml', Buffer.from('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')],
    [
      'xl/workbook.xml',
      Buffer.from('<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Leads" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    ],
    ['xl/_rels/workbook.xml.rels', Buffer.from(`<Relationships><Relationship Id="rId1" Target="${c.quirk === 'badRels' ? '../../../etc/passwd' : 'worksheets/sheet1.xml'}"/></Relationships>`)],
    ['xl/styles.xml', Buffer.from('<styleSheet><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>')],
  ];
  if (c.quirk !== 'noSheet') entries.push(['xl/worksheets/sheet1.xml', Buffer.from(sheet)]);
  if (c.quirk !== 'noShared') entries.push(['xl/sharedStrings.xml', Buffer.from(shared)]);
  return applyDamage(zip(entries, c.deflate), c.damage);
}

const xlsxFile: fc.Arbitrary<{ bytes: Buffer; fileName: string; expectedRows: number | null }> = fc.oneof(
  {
    weight: 20,
    arbitrary: fc
      .record({
        rows: table,
        kinds: fc.array(fc.nat(11), { minLength: 1, maxLength: 5 }),
        quirk: fc.oneof(
          { arbitrary: fc.constant<XmlQuirk>('none'), weight: 12 },
          { arbitrary: fc.constantFrom<XmlQuirk>('hugeRef', 'lowerRef', 'noRef', 'badEntity', 'badShared', 'noShared', 'badDate', 'unclosed', 'noSheet', 'badRels', 'rowNoR', 'emptyZip'), weight: 6 },
        ),
        deflate: fc.boolean(),
        damage,
        renamed: fc.boolean(),
      })
      .map((c) => ({
        bytes: xlsxBytes(c),
        fileName: c.renamed ? 'leads.csv' : 'leads.xlsx',
        // Missing or lower-case references and unclosed rows must not cost a row.
        expectedRows: ['none', 'lowerRef', 'noRef', 'rowNoR', 'unclosed'].includes(c.quirk) && c.damage.kind === 'none' ? Math.max(0, nonBlank(c.rows) - 1) : null,
      })),
  },
  { weight: 1, arbitrary: oddFile.map((bytes) => ({ bytes, fileName: 'leads.xlsx', expectedRows: null })) },
);

// ---------------------------------------------------------------- the properties

interface Tally {
  cases: number;
  imported: number;
  refused: number;
  /** Files on the CSV path refused as binary data (part of refused). */
  binary: number;
  /** Files generated twice for the same database, refused the second time as already imported. */
  again: number;
  dataRows: number;
  /** Imported files whose data rows were checked against what the generator wrote. */
  exact: number;
  crashes: number;
  rowsLost: number;
}

const TABLES = ['leads', 'lead_events', 'lead_duplicates', 'imports', 'intake_mappings'] as const;
/** Row counts of the tables an import writes, in one statement (the campaign runs it 20,000 times). */
function counter(ctx: Context): () => number[] {
  const statement = ctx.db.prepare(`SELECT ${TABLES.map((t) => `(SELECT count(*) FROM ${t})`).join(', ')}`).raw();
  return () => statement.get() as number[];
}

/** A fresh database every 100 files, so the duplicate index stays small and the campaign fast. */
function campaign(path: 'csv' | 'xlsx') {
  const tally: Tally = { cases: 0, imported: 0, refused: 0, binary: 0, again: 0, dataRows: 0, exact: 0, crashes: 0, rowsLost: 0 };
  let ctx = testContext(NOW);
  let { tryCall: call, tryCallAsync: callAsync } = caller(ctx);
  let counts = counter(ctx);
  const imported = new Set<string>();
  const check = async (fileName: string, bytes: Buffer, expectedRows: number | null, mayBeBinary = false) => {
    if (tally.cases++ % 100 === 0) {
      ctx.db.close();
      ctx = testContext(NOW);
      ({ tryCall: call, tryCallAsync: callAsync } = caller(ctx));
      counts = counter(ctx);
      imported.clear();
    }
    const contentBase64 = bytes.toString('base64');
    const before = counts();
    let preview, run;
    try {
      preview = await callAsync('intake.preview', { fileName, contentBase64, sourceName: 'Fuzz' });
      run = call('intake.run', { fileName, contentBase64, sourceName: 'Fuzz', mapping: preview.ok ? preview.value.mapping : { lastName: 'Nom' } });
    } catch (error) {
      tally.crashes++;
      throw error;
    }
    if ((!preview.ok && preview.error.code === 'internal') || (!run.ok && run.error.code === 'internal')) tally.crashes++;
    const fingerprint = createHash('sha256').update(bytes).digest('hex');
    if (!run.ok && run.error.code === 'conflict' && imported.has(fingerprint)) {
      // The same bytes twice in one database (under another name, maybe): refused as already
      // imported before they are even read, and nothing changes.
      tally.again++;
      expect(counts(), 'a refused file changes nothing').toEqual(before);
      return;
    }
    if (!preview.ok || !run.ok) {
      tally.refused++;
      // Only a file that is not a table may be refused: a CSV path file always reads as text.
      expect(preview.ok || run.ok, `preview and run agree: ${JSON.stringify([preview, run])}`).toBe(false);
      expect(!preview.ok && preview.error.code).toBe('invalid_input');
      expect(!run.ok && run.error.code).toBe('invalid_input');
      // A file on the CSV path is refused only as a zip that is not a workbook, or as binary data.
      if (path === 'csv' && bytes.subarray(0, 4).toString('latin1') !== 'PK\x03\x04') {
        tally.binary++;
        expect(mayBeBinary, `a text file refused: ${JSON.stringify(preview)}`).toBe(true);
        expect(!preview.ok && preview.error.message).toMatch(/This file is not text|old Excel file/);
      }
      expect(counts(), 'a refused file changes nothing').toEqual(before);
      return;
    }
    tally.imported++;
    imported.add(fingerprint);
    const report = run.value;
    const { accepted, warned, rejected } = report.counts;
    const after = counts();
    const reportedLines = report.rows.map((r) => r.line).concat(report.acceptedLines.flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => a + i)));
    tally.dataRows += report.dataRows;
    tally.rowsLost += Math.abs(report.dataRows - (accepted + warned + rejected)) + Math.abs(after[0]! - before[0]! - accepted - warned);
    expect(report.status).toBe('completed');
    expect(report.dataRows).toBe(preview.value.dataRows);
    if (expectedRows !== null) {
      tally.exact++;
      expect(report.dataRows, 'data rows of the generated file').toBe(expectedRows);
    }
    expect(accepted + warned + rejected).toBe(report.dataRows);
    expect(new Set(reportedLines).size, 'each line reported once').toBe(report.dataRows);
    expect(after[0]! - before[0]!, 'leads added').toBe(accepted + warned);
    expect(after[1]! - before[1]!, 'one event per lead').toBe(accepted + warned);
    expect(after[3]! - before[3]!, 'one import record').toBe(1);
  };
  const started = { wall: Date.now(), cpu: process.cpuUsage() };
  const done = () => {
    ctx.db.close();
    const cpu = process.cpuUsage(started.cpu);
    const time = `${((Date.now() - started.wall) / 1000).toFixed(1)} s (${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU)`;
    console.log(
      `hostile ${path.toUpperCase()} campaign: ${tally.cases} files (${tally.imported} imported, ${tally.refused} refused as not a table (${tally.binary} as binary), ${tally.again} refused as imported before), ${tally.dataRows} data rows (${tally.exact} files checked against the generator's count), crashes ${tally.crashes}, rows lost ${tally.rowsLost}, ${time}`,
    );
    return tally;
  };
  return { check, done };
}

describe('hostile input campaigns', () => {
  it('reads 100,000 unclosed rows in linear time, each row its own', () => {
    const rows = Array.from({ length: 100_000 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>Nom${i}</t></is></c>`).join('');
    const sheet = Buffer.from(`<worksheet><sheetData>${rows}</sheetData></worksheet>`);
    const started = Date.now();
    const file = readFile('big.xlsx', zip([['xl/worksheets/sheet1.xml', sheet]], true));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(file.records).toHaveLength(99_999);
    expect(file.records.at(-1)).toEqual({ line: 100_000, cells: ['Nom99999'] });
  });

  it(`CSV path: ${RUNS.toLocaleString('en-US')} malformed files`, async () => {
    let tally: Tally | undefined;
    const { check, done } = campaign('csv');
    try {
      await fc.assert(
        fc.asyncProperty(csvFile, fc.constantFrom('leads.csv', 'leads.txt', 'leads.tsv', 'LEADS'), async ({ bytes, expectedRows, mayBeBinary }, name) => check(name, bytes, expectedRows, mayBeBinary)),
        { seed: 8_0301, numRuns: RUNS },
      );
    } finally {
      tally = done();
    }
    expect(tally).toMatchObject({ cases: RUNS, crashes: 0, rowsLost: 0 });
  }, 240_000);

  it(`XLSX path: ${RUNS.toLocaleString('en-US')} malformed workbooks`, async () => {
    let tally: Tally | undefined;
    const { check, done } = campaign('xlsx');
    try {
      await fc.assert(
        fc.asyncProperty(xlsxFile, async ({ bytes, fileName, expectedRows }) => check(fileName, bytes, expectedRows)),
        { seed: 8_0302, numRuns: RUNS },
      );
    } finally {
      tally = done();
    }
    expect(tally).toMatchObject({ cases: RUNS, crashes: 0, rowsLost: 0 });
  }, 240_000);
});
