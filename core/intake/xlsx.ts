/**
 * Reads the first sheet of an .xlsx file. An .xlsx file is a zip of XML parts: zip.ts inflates
 * only the parts needed (workbook, its rels, the sheet, shared strings, styles) within a budget,
 * and a few linear scans read the cells. Why not exceljs's streaming WorkbookReader, now that
 * imports parse off the main thread: it unzips with unzipper 0.10, which trusts each local
 * header (not the central directory), inflates every entry it meets, drained ones included, with
 * no size limit, so it would still need this budgeted pre-check in front; and its SAX parse is
 * several times slower on a 100,000-row sheet. exceljs still writes the test files, so the reader
 * is checked against real Excel output (dates, numbers, shared strings).
 * Date cells come out as "YYYY-MM-DDTHH:MM:SS" wall-clock text (Excel has no time zones);
 * the date normaliser reads that as Paris time.
 */
import { tr } from '../language';
import type { Sheet, SheetRecord } from './csv';
import { XLSX_LIMITS, ZipParts } from './zip';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
/** A reference to a code point that does not exist is left as written rather than failing the file. */
function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) => {
    if (e[0] !== '#') return Object.hasOwn(ENTITIES, e) ? ENTITIES[e]! : m;
    const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1));
    return code <= 0x10ffff ? String.fromCodePoint(code) : m;
  });
}

/**
 * The <name ...>body</name> elements of a part, in order, in one linear pass. Regular
 * expressions with a lazy body took time quadratic in the number of unclosed elements (a small
 * hostile file could hang the app) and let an unclosed row swallow the next one; here a body
 * ends at its closing tag or where the next element of the same name opens.
 */
function* elements(xml: string, name: string): Generator<[tag: string, body: string]> {
  const open = `<${name}`;
  const isOpen = (i: number) => /[\s/>]/.test(xml[i + open.length] ?? '');
  const findOpen = (from: number) => {
    let i = xml.indexOf(open, from);
    while (i >= 0 && !isOpen(i)) i = xml.indexOf(open, i + 1);
    return i;
  };
  const tagEnd = ahead(xml, '>');
  const closing = ahead(xml, `</${name}>`);
  for (let at = findOpen(0); at >= 0;) {
    const next = findOpen(at + 1);
    const limit = next < 0 ? xml.length : next;
    const end = tagEnd(at);
    if (end < 0) return;
    if (end < limit) {
      const tag = xml.slice(at, end + 1);
      if (xml[end - 1] === '/') yield [tag, ''];
      else {
        const close = closing(end);
        yield [tag, xml.slice(end + 1, close < 0 ? limit : Math.min(close, limit))];
      }
    }
    at = next;
  }
}

/**
 * indexOf for positions that only move forward: a search starts where the last one found
 * something, so each stretch of the text is read once however many times it is asked.
 */
function ahead(text: string, needle: string): (from: number) => number {
  let found = -1;
  let exhausted = false;
  return (from) => {
    if (!exhausted && found < from) {
      found = text.indexOf(needle, from);
      exhausted = found < 0;
    }
    return exhausted ? -1 : found;
  };
}

/** The text of a shared string without its phonetic runs (<rPh>, Japanese readings). */
function withoutPhonetics(si: string): string {
  let out = '';
  for (let at = 0; ;) {
    const start = si.indexOf('<rPh', at);
    if (start < 0) return out + si.slice(at);
    out += si.slice(at, start);
    const end = si.indexOf('</rPh>', start);
    if (end < 0) return out;
    at = end + '</rPh>'.length;
  }
}

const textOf = (xml: string) => unescapeXml([...elements(xml, 't')].map(([, body]) => body).join(''));

function attr(tag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
}

function sharedStrings(xml: string | undefined): string[] {
  if (!xml) return [];
  return [...elements(xml, 'si')].map(([, si]) => textOf(withoutPhonetics(si)));
}

const DATE_BUILTINS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

/** For each cell style index: does its number format show a date or time? */
function dateStyles(xml: string | undefined): boolean[] {
  if (!xml) return [];
  const custom = new Map<number, boolean>();
  for (const [tag] of elements(xml, 'numFmt')) {
    const code = unescapeXml(attr(tag, 'formatCode') ?? '').replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
    custom.set(Number(attr(tag, 'numFmtId')), /[dmyhs]/i.test(code));
  }
  const xfs = elements(xml, 'cellXfs').next().value?.[1] ?? '';
  return [...elements(xfs, 'xf')].map(([tag]) => {
    const id = Number(attr(tag, 'numFmtId') ?? 0);
    return DATE_BUILTINS.has(id) || custom.get(id) === true;
  });
}

/** The part of the workbook's nth sheet (0 = the first), or null when it has fewer sheets. */
function sheetPath(zip: ZipParts, index: number): string | null {
  const workbook = zip.read('xl/workbook.xml')?.toString('utf8') ?? '';
  const rels = zip.read('xl/_rels/workbook.xml.rels')?.toString('utf8') ?? '';
  const sheetTag = [...workbook.matchAll(/<sheet\s[^>]*>/g)][index]?.[0];
  if (sheetTag === undefined && index > 0) return null;
  const rid = attr(sheetTag ?? '', 'r:id');
  const rel = [...rels.matchAll(/<Relationship\s[^>]*>/g)].map(([t]) => t).find((t) => attr(t, 'Id') === rid);
  const target = rel ? attr(rel, 'Target')! : 'worksheets/sheet1.xml';
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
}

/** Serial day numbers Excel shows as dates (up to 9999-12-31; below 1, a time alone); anything else stays text. */
function serialToWallClock(serial: number): string | null {
  if (!(serial >= 0 && serial < 2_958_466)) return null;
  return new Date(Date.UTC(1899, 11, 30) + Math.round(serial * 86_400_000)).toISOString().slice(0, 19);
}

/** Excel's last column is XFD (16,384 columns). */
const MAX_COLUMNS = 16_384;

/** "C7" -> 2; null for a reference that is not a cell's (then the cell goes next in the row). */
function columnIndex(ref: string): number | null {
  const letters = /^([A-Z]{1,3})\d*$/i.exec(ref)?.[1]?.toUpperCase();
  if (!letters) return null;
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  if (n > MAX_COLUMNS) throw new Error(tr(`Damaged .xlsx file (cell ${ref} is beyond the last column, XFD)`, `Fichier .xlsx endommagé (la cellule ${ref} est au-delà de la dernière colonne, XFD)`));
  return n - 1;
}

function cellText(tag: string, body: string, strings: string[], dates: boolean[]): string {
  const type = attr(tag, 't') ?? 'n';
  if (type === 'inlineStr') return textOf(body);
  const v = elements(body, 'v').next().value?.[1];
  if (v === undefined) return '';
  if (type === 's') return strings[Number(v)] ?? '';
  if (type === 'b') return v === '1' ? 'TRUE' : 'FALSE';
  if (type === 'n' && dates[Number(attr(tag, 's') ?? 0)]) return serialToWallClock(Number(v)) ?? unescapeXml(v);
  return unescapeXml(v);
}

export function parseXlsx(bytes: Uint8Array): Sheet {
  return firstSheet(openXlsx(bytes));
}

/** The workbook's first sheet, which every import reads; a workbook without one is refused. */
export function firstSheet(book: Workbook): Sheet {
  const sheet = book.sheet(0);
  if (!sheet) throw new Error(tr('The workbook has no sheet', 'Le classeur n’a pas de feuille'));
  return sheet;
}

export interface Workbook {
  /** The nth sheet (0 = the first; a network file carries its absences in the second), or null when there is none. */
  sheet(index: number): Sheet | null;
}

/**
 * An .xlsx archive opened once: its directory checked once, and every sheet read from it draws
 * on the same budget (reading two sheets through two openings allowed twice the memory).
 */
export function openXlsx(bytes: Uint8Array, limits = XLSX_LIMITS): Workbook {
  // Only the parts a sheet needs are ever inflated; the rest of the archive is not read.
  const zip = new ZipParts(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), limits);
  let shared: { strings: string[]; dates: boolean[] } | null = null;
  return {
    sheet(index) {
      const path = sheetPath(zip, index);
      if (path === null || !zip.has(path)) return null;
      shared ??= { strings: sharedStrings(zip.read('xl/sharedStrings.xml')?.toString('utf8')), dates: dateStyles(zip.read('xl/styles.xml')?.toString('utf8')) };
      return readSheet(zip.read(path)!.toString('utf8'), shared.strings, shared.dates);
    },
  };
}

function readSheet(xml: string, strings: string[], dates: boolean[]): Sheet {
  const sheet = elements(xml, 'sheetData').next().value?.[1] ?? '';
  const records: SheetRecord[] = [];
  let line = 0;
  for (const [rowTag, rowBody] of elements(sheet, 'row')) {
    const cells: string[] = [];
    for (const [cTag, cBody] of elements(rowBody, 'c')) {
      const index = columnIndex(attr(cTag, 'r') ?? '') ?? cells.length;
      while (cells.length < index) cells.push('');
      cells[index] = cellText(cTag, cBody, strings, dates);
    }
    // The report names rows by their number in Excel. A row without one, or out of order in a
    // damaged file, follows the previous: lines stay unique and increasing, as reports need.
    const r = Number(attr(rowTag, 'r'));
    line = Number.isInteger(r) && r > line ? r : line + 1;
    if (cells.some((c) => c.trim() !== '')) records.push({ line, cells });
  }
  const header = records.shift();
  return { headers: (header?.cells ?? []).map((h) => h.trim()), records, separator: null };
}
