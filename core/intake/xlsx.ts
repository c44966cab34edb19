/**
 * Reads the first sheet of an .xlsx file synchronously. Why not exceljs here: its reader is
 * async only, and the command table runs handlers synchronously inside the host's call (the
 * same for IPC, HTTP and CLI). An .xlsx file is a zip of XML parts; node:zlib inflates them
 * and a few regular expressions read the cells. exceljs still writes the test files, so the
 * reader is checked against real Excel output (dates, numbers, shared strings).
 * Date cells come out as "YYYY-MM-DDTHH:MM:SS" wall-clock text (Excel has no time zones);
 * the date normaliser reads that as Paris time.
 */
import { inflateRawSync } from 'node:zlib';
import type { Sheet, SheetRecord } from './csv';

function unzip(bytes: Buffer): Map<string, Buffer> {
  let eocd = bytes.length - 22;
  while (eocd >= 0 && bytes.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('Not an .xlsx file (no zip directory)');
  const files = new Map<string, Buffer>();
  let at = bytes.readUInt32LE(eocd + 16);
  for (let n = bytes.readUInt16LE(eocd + 10); n > 0; n--) {
    if (bytes.readUInt32LE(at) !== 0x02014b50) throw new Error('Damaged .xlsx file (zip directory)');
    const method = bytes.readUInt16LE(at + 10);
    const size = bytes.readUInt32LE(at + 20);
    const nameLength = bytes.readUInt16LE(at + 28);
    const local = bytes.readUInt32LE(at + 42);
    const name = bytes.toString('utf8', at + 46, at + 46 + nameLength);
    const dataAt = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    const data = bytes.subarray(dataAt, dataAt + size);
    files.set(name.replace(/^\//, ''), method === 8 ? inflateRawSync(data) : data);
    at += 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
  }
  return files;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : (ENTITIES[e] ?? m),
  );
}

function attr(tag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
}

function sharedStrings(xml: string | undefined): string[] {
  if (!xml) return [];
  return [...xml.matchAll(/<si>([\s\S]*?)<\/si>/g)].map(([, si]) =>
    unescapeXml([...si!.replace(/<rPh[\s\S]*?<\/rPh>/g, '').matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)].map((m) => m[1]).join('')),
  );
}

const DATE_BUILTINS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

/** For each cell style index: does its number format show a date or time? */
function dateStyles(xml: string | undefined): boolean[] {
  if (!xml) return [];
  const custom = new Map<number, boolean>();
  for (const [tag] of xml.matchAll(/<numFmt\s[^>]*>/g)) {
    const code = unescapeXml(attr(tag, 'formatCode') ?? '').replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
    custom.set(Number(attr(tag, 'numFmtId')), /[dmyhs]/i.test(code));
  }
  const xfs = /<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(xml)?.[1] ?? '';
  return [...xfs.matchAll(/<xf\s[^>]*>/g)].map(([tag]) => {
    const id = Number(attr(tag, 'numFmtId') ?? 0);
    return DATE_BUILTINS.has(id) || custom.get(id) === true;
  });
}

function firstSheetPath(files: Map<string, Buffer>): string {
  const workbook = files.get('xl/workbook.xml')?.toString('utf8') ?? '';
  const rels = files.get('xl/_rels/workbook.xml.rels')?.toString('utf8') ?? '';
  const sheetTag = /<sheet\s[^>]*>/.exec(workbook)?.[0] ?? '';
  const rid = attr(sheetTag, 'r:id');
  const rel = [...rels.matchAll(/<Relationship\s[^>]*>/g)].map(([t]) => t).find((t) => attr(t, 'Id') === rid);
  const target = rel ? attr(rel, 'Target')! : 'worksheets/sheet1.xml';
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
}

function serialToWallClock(serial: number): string {
  const d = new Date(Date.UTC(1899, 11, 30) + Math.round(serial * 86_400_000));
  return d.toISOString().slice(0, 19);
}

function columnIndex(ref: string): number {
  let n = 0;
  for (const ch of ref.replace(/\d+$/, '')) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

function cellText(tag: string, body: string, strings: string[], dates: boolean[]): string {
  const type = attr(tag, 't') ?? 'n';
  const v = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
  if (type === 'inlineStr') return unescapeXml([...body.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)].map((m) => m[1]).join(''));
  if (v === undefined) return '';
  if (type === 's') return strings[Number(v)] ?? '';
  if (type === 'b') return v === '1' ? 'TRUE' : 'FALSE';
  if (type === 'n' && dates[Number(attr(tag, 's') ?? 0)]) return serialToWallClock(Number(v));
  return unescapeXml(v);
}

export function parseXlsx(bytes: Uint8Array): Sheet {
  const files = unzip(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const strings = sharedStrings(files.get('xl/sharedStrings.xml')?.toString('utf8'));
  const dates = dateStyles(files.get('xl/styles.xml')?.toString('utf8'));
  const xml = files.get(firstSheetPath(files))?.toString('utf8');
  if (xml === undefined) throw new Error('The workbook has no sheet');
  const sheet = /<sheetData[^>]*>([\s\S]*?)<\/sheetData>/.exec(xml)?.[1] ?? '';
  const records: SheetRecord[] = [];
  for (const [, rowTag, rowBody] of sheet.matchAll(/(<row\b[^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g)) {
    const cells: string[] = [];
    for (const [, cTag, cBody] of (rowBody ?? '').matchAll(/(<c\s[^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const ref = attr(cTag!, 'r');
      const index = ref ? columnIndex(ref) : cells.length;
      while (cells.length < index) cells.push('');
      cells[index] = cellText(cTag!, cBody ?? '', strings, dates);
    }
    if (cells.some((c) => c.trim() !== '')) records.push({ line: Number(attr(rowTag!, 'r') ?? records.length + 1), cells });
  }
  const header = records.shift();
  return { headers: (header?.cells ?? []).map((h) => h.trim()), records, separator: null };
}
