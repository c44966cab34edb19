/**
 * The pure half of an import: file bytes -> table -> normalised leads with their per-row
 * outcome. No database and no host: it can run in a worker_thread (the host posts the bytes,
 * gets progress messages and the prepared rows back) and the commands call it directly.
 */
import { tr } from '../language';
import { prepareLead, type Issue } from '../leads/prepare';
import type { LeadFields } from '../leads/schema';
import { parseCsv, type Sheet } from './csv';
import { decodeText, type Encoding } from './decode';
import { columnsOf, proposeMapping, rawLeadOf, type Mapping } from './mapping';
import { parseXlsx } from './xlsx';

export interface ParsedFile extends Sheet {
  format: 'csv' | 'xlsx';
  encoding: Encoding | null;
}

export type Outcome = 'accepted' | 'warned' | 'rejected';

export interface PreparedRow {
  line: number;
  outcome: Outcome;
  fields: LeadFields | null;
  warnings: Issue[];
  errors: Issue[];
}

export interface Progress {
  phase: 'read' | 'normalise' | 'insert';
  done: number;
  total: number;
}
export type OnProgress = (p: Progress) => void;

function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** CSV or XLSX, told apart by content first (a renamed file still reads), then by name. */
export function readFile(fileName: string, bytes: Uint8Array): ParsedFile {
  if (isZip(bytes) || /\.xlsx$/i.test(fileName)) return { ...parseXlsx(bytes), format: 'xlsx', encoding: null };
  const { text, encoding } = decodeText(bytes);
  return { ...parseCsv(text), format: 'csv', encoding };
}

export interface PrepareRowsOptions {
  now: number;
  sourceName: string;
  fileName: string;
  /** Only the first n records (preview). */
  limit?: number;
  onProgress?: OnProgress;
}

/** Whether a record has the header's shape: extra non-empty cells mean shifted values. */
export function shapeIssues(cells: string[], width: number): { warnings: Issue[]; errors: Issue[] } {
  const extra = cells.slice(width).filter((c) => c.trim() !== '').length;
  if (extra > 0) {
    return { warnings: [], errors: [{ field: '', message: tr(`${cells.length} values for ${width} columns: values are shifted (a separator inside an unquoted field?)`, `${cells.length} valeurs pour ${width} colonnes : les valeurs sont décalées (un séparateur dans un champ sans guillemets ?)`) }] };
  }
  if (cells.length < width) {
    return { warnings: [{ field: '', message: tr(`Only ${cells.length} values for ${width} columns; the missing ones are left empty`, `Seulement ${cells.length} valeurs pour ${width} colonnes ; les manquantes restent vides`) }], errors: [] };
  }
  return { warnings: [], errors: [] };
}

export function prepareRows(file: ParsedFile, mapping: Mapping, options: PrepareRowsOptions): PreparedRow[] {
  const columns = columnsOf(file.headers, mapping);
  const records = options.limit === undefined ? file.records : file.records.slice(0, options.limit);
  const consentHow = tr(`import of ${options.fileName}`, `import de ${options.fileName}`);
  const rows: PreparedRow[] = new Array(records.length);
  for (let i = 0; i < records.length; i++) {
    const { line, cells, error } = records[i]!;
    const shape = error ? { warnings: [], errors: [{ field: '', message: error }] } : shapeIssues(cells, file.headers.length);
    if (shape.errors.length) {
      rows[i] = { line, outcome: 'rejected', fields: null, warnings: shape.warnings, errors: shape.errors };
    } else {
      const lead = prepareLead(rawLeadOf(cells, columns), { now: options.now, defaultSource: options.sourceName, consentHow });
      const warnings = [...shape.warnings, ...lead.warnings];
      const outcome: Outcome = lead.errors.length ? 'rejected' : warnings.length ? 'warned' : 'accepted';
      rows[i] = { line, outcome, fields: lead.errors.length ? null : lead.fields, warnings, errors: lead.errors };
    }
    if (options.onProgress && (i + 1) % 5000 === 0) options.onProgress({ phase: 'normalise', done: i + 1, total: records.length });
  }
  options.onProgress?.({ phase: 'normalise', done: records.length, total: records.length });
  return rows;
}

export interface PreparedImport {
  file: Omit<ParsedFile, 'records'> & { dataRows: number };
  mapping: Mapping;
  rows: PreparedRow[];
}

/** The whole pure path in one call, for a worker: bytes in, prepared rows out. */
export function prepareImport(fileName: string, bytes: Uint8Array, mapping: Mapping | null, options: Omit<PrepareRowsOptions, 'fileName'>): PreparedImport {
  options.onProgress?.({ phase: 'read', done: 0, total: bytes.length });
  const file = readFile(fileName, bytes);
  options.onProgress?.({ phase: 'read', done: bytes.length, total: bytes.length });
  const used = mapping ?? proposeMapping(file.headers);
  const rows = prepareRows(file, used, { ...options, fileName });
  const { records, ...meta } = file;
  return { file: { ...meta, dataRows: records.length }, mapping: used, rows };
}
