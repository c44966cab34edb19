/**
 * The pure half of an import: file bytes -> table -> normalised leads with their per-row
 * outcome. No database and no host: the import worker (worker.ts, started by off-thread.ts) runs
 * readFile and prepareRows, posting progress and the prepared rows back, for intake.preview,
 * intake.start and intake.run alike; tests and the bench call them on their own thread.
 */
import { tr } from '../language';
import { prepareLead, type Issue, type MissingPlace, type RawField } from '../leads/prepare';
import type { Bant, LeadFields } from '../leads/schema';
import { isPhoneLike } from '../exports/safe-cell';
import { duplicateKeys, type DuplicateKey, type DuplicateReason } from '../leads/duplicate-keys';
import { parseCsv, type Sheet } from './csv';
import { decodeText, type Encoding } from './decode';
import { columnsOf, extraColumnsOf, proposeMapping, rawLeadOf, type Mapping } from './mapping';
import { firstSheet, openXlsx, type Workbook } from './xlsx';

export interface ParsedFile extends Sheet {
  format: 'csv' | 'xlsx';
  encoding: Encoding | null;
}

export type Outcome = 'accepted' | 'warned' | 'rejected';

export interface PreparedRow {
  line: number;
  outcome: Outcome;
  /** Null for a rejected row, and for a lead the worker staged (then `staged` says where). */
  fields: LeadFields | null;
  /** BANT answers read from the row (budget, timeline); null as fields is. */
  bant: Bant | null;
  /** The lead's row in the import's staging file (core/intake/stage.ts), when the worker wrote it there. */
  staged?: number;
  /** Earlier staged rows of the file sharing one of its duplicate keys, found by the worker (the database's leads are the writing thread's to find). */
  sameAs?: SameAs[];
  warnings: Issue[];
  errors: Issue[];
  /** The lead's keys for duplicate detection (folded here, so the thread that writes only looks them up); none for a rejected row. */
  duplicateKeys: DuplicateKey[];
}

/** An earlier row of the same import, by its place in the staging file, that the lead duplicates, and why. */
export interface SameAs {
  staged: number;
  line: number;
  reasons: DuplicateReason[];
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
  return openFile(fileName, bytes).file;
}

/**
 * readFile, with the workbook kept open for its other sheets (a network file carries its
 * absences in the second): the archive is opened once, within one budget. A CSV has none.
 */
export function openFile(fileName: string, bytes: Uint8Array): { file: ParsedFile; workbook: Workbook | null } {
  if (isZip(bytes) || /\.xlsx$/i.test(fileName)) {
    const workbook = openXlsx(bytes);
    return { file: { ...firstSheet(workbook), format: 'xlsx', encoding: null }, workbook };
  }
  const { text, encoding } = decodeText(bytes);
  return { file: { ...parseCsv(text), format: 'csv', encoding }, workbook: null };
}

export interface PrepareRowsOptions {
  now: number;
  sourceName: string;
  fileName: string;
  /** Only the first n records (preview). */
  limit?: number;
  onProgress?: OnProgress;
  /** Rows with neither postal code nor town: refused (default) or held at the head office (setting). */
  missingPlace?: MissingPlace;
}

/** Whether a record has the header's shape: extra non-empty cells mean shifted values. */
export function shapeIssues(cells: string[], width: number): { warnings: Issue[]; errors: Issue[] } {
  const extra = cells.slice(width).filter((c) => c.trim() !== '').length;
  if (extra > 0) {
    return {
      warnings: [],
      errors: [
        {
          field: '',
          message: tr(
            `${cells.length} values for ${width} columns: values are shifted (a separator inside an unquoted field?)`,
            `${cells.length} valeurs pour ${width} colonnes : les valeurs sont décalées (un séparateur dans un champ sans guillemets ?)`,
          ),
        },
      ],
    };
  }
  if (cells.length < width) {
    return {
      warnings: [
        {
          field: '',
          message: tr(`Only ${cells.length} values for ${width} columns; the missing ones are left empty`, `Seulement ${cells.length} valeurs pour ${width} colonnes ; les manquantes restent vides`),
        },
      ],
      errors: [],
    };
  }
  return { warnings: [], errors: [] };
}

/** A cell a spreadsheet would run as a formula; plain numbers, dashes and phone numbers are not. */
function looksLikeFormula(cell: string): boolean {
  return /^[=+\-@\t\r]/.test(cell) && !isPhoneLike(cell.trim()) && !/^[-+]?[\d\s.,]*$/.test(cell);
}

/** One warning per cell that starts like a formula: kept as typed, neutralised in every export. */
function formulaWarnings(cells: string[], headers: string[], fieldAt: Map<number, RawField>): Issue[] {
  const out: Issue[] = [];
  cells.forEach((cell, i) => {
    if (!looksLikeFormula(cell)) return;
    const shown = cell.length > 40 ? `${cell.slice(0, 40)}…` : cell;
    const column = headers[i] ?? `#${i + 1}`;
    out.push({
      field: fieldAt.get(i) ?? '',
      message: tr(
        `Column "${column}" starts like a formula (${JSON.stringify(shown)}): kept as typed, neutralised in exports`,
        `La colonne « ${column} » commence comme une formule (${JSON.stringify(shown)}) : conservée telle que saisie, neutralisée dans les exports`,
      ),
    });
  });
  return out;
}

export function prepareRows(file: ParsedFile, mapping: Mapping, options: PrepareRowsOptions): PreparedRow[] {
  const columns = columnsOf(file.headers, mapping);
  const extras = extraColumnsOf(file.headers, columns);
  const fieldAt = new Map(columns.map(([field, index]) => [index, field]));
  const records = options.limit === undefined ? file.records : file.records.slice(0, options.limit);
  const consentHow = tr(`import of ${options.fileName}`, `import de ${options.fileName}`);
  const rows: PreparedRow[] = new Array(records.length);
  for (let i = 0; i < records.length; i++) {
    const { line, cells, error } = records[i]!;
    const shape = error ? { warnings: [], errors: [{ field: '', message: error }] } : shapeIssues(cells, file.headers.length);
    if (shape.errors.length) {
      rows[i] = { line, outcome: 'rejected', fields: null, bant: null, warnings: shape.warnings, errors: shape.errors, duplicateKeys: [] };
    } else {
      const lead = prepareLead(rawLeadOf(cells, columns, extras), { now: options.now, defaultSource: options.sourceName, consentHow, missingPlace: options.missingPlace ?? 'reject' });
      const warnings = [...shape.warnings, ...formulaWarnings(cells, file.headers, fieldAt), ...lead.warnings];
      const outcome: Outcome = lead.errors.length ? 'rejected' : warnings.length ? 'warned' : 'accepted';
      const ok = lead.errors.length === 0;
      rows[i] = { line, outcome, fields: ok ? lead.fields : null, bant: ok ? lead.bant : null, warnings, errors: lead.errors, duplicateKeys: ok ? duplicateKeys(lead.fields) : [] };
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

/** The whole pure path in one call on the calling thread, for tests and the bench (the worker runs it in two steps, keeping the file between preview and import). */
export function prepareImport(fileName: string, bytes: Uint8Array, mapping: Mapping | null, options: Omit<PrepareRowsOptions, 'fileName'>): PreparedImport {
  options.onProgress?.({ phase: 'read', done: 0, total: bytes.length });
  const file = readFile(fileName, bytes);
  options.onProgress?.({ phase: 'read', done: bytes.length, total: bytes.length });
  const used = mapping ?? proposeMapping(file.headers);
  const rows = prepareRows(file, used, { ...options, fileName });
  const { records, ...meta } = file;
  return { file: { ...meta, dataRows: records.length }, mapping: used, rows };
}
