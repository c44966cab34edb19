/**
 * CSV text -> header and records, each record with the file line it starts on (the header is
 * line 1; a record whose quoted field spans lines is numbered by its first line), so a report
 * can say "line 57" and the user finds it in their editor. Two defects are caught here, where
 * the text still is: a quote never closed, which makes the rest of the file one field, and a
 * file cut off in the middle of its last row. Such a record carries an error and is rejected
 * whole: nothing of the broken part is imported as if it were data.
 */
import Papa from 'papaparse';
import { tr } from '../language';

export type Separator = ';' | ',' | '\t';

export interface SheetRecord {
  line: number;
  cells: string[];
  /** Why the record cannot be read as a row (a quote never closed, a cut-off last line). */
  error?: string;
}

export interface Sheet {
  headers: string[];
  records: SheetRecord[];
  separator: Separator | null;
}

/** Counts candidate separators on the header line, outside quotes; ';' wins ties (French Excel). */
export function detectSeparator(text: string): Separator {
  const counts: Record<Separator, number> = { ';': 0, ',': 0, '\t': 0 };
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && c in counts) counts[c as Separator]++;
  }
  const order: Separator[] = [';', '\t', ','];
  return order.reduce((best, s) => (counts[s] > counts[best] ? s : best), ';');
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/** Line breaks inside a record's values: the lines it spans beyond its first. */
function breaksIn(cells: string[]): number {
  let n = 0;
  for (const cell of cells) for (let i = cell.indexOf('\n'); i !== -1; i = cell.indexOf('\n', i + 1)) n++;
  return n;
}

const isBlank = (cells: string[]) => cells.every((c) => c.trim() === '');

/**
 * Whether a value written over several lines holds lines that look like rows of the table (as
 * many separators as a row has): a comment on two lines does not, a stray quote's catch does.
 */
function swallowsRows(cells: string[], width: number, separator: Separator): boolean {
  if (width < 2) return false;
  return cells.some(
    (cell) =>
      cell.includes('\n') &&
      cell
        .split('\n')
        .slice(1)
        .some((l) => l.split(separator).length >= width),
  );
}

/** A record's defect, if any: `first` and `last` are the lines it spans, `quoteLine` where an unclosed quote opened. */
function defect(cells: string[], width: number, separator: Separator, first: number, last: number, quoteLine: number | null, cutOff: boolean): string | undefined {
  const lost =
    first === last
      ? tr(`line ${first} was not imported`, `la ligne ${first} n’a pas été importée`)
      : tr(`lines ${first} to ${last} were not imported`, `les lignes ${first} à ${last} n’ont pas été importées`);
  if (quoteLine !== null) {
    return tr(
      `A quote opened on line ${quoteLine} is never closed: ${lost} (close the quote and import the file again)`,
      `Un guillemet ouvert ligne ${quoteLine} n’est jamais fermé : ${lost} (fermez le guillemet et importez le fichier à nouveau)`,
    );
  }
  if (last > first && swallowsRows(cells, width, separator)) {
    return tr(
      `A quoted value opened on line ${first} runs to line ${last} over lines that look like rows: a quote is probably not closed; ${lost}`,
      `Une valeur entre guillemets ouverte ligne ${first} court jusqu’à la ligne ${last} sur des lignes qui ressemblent à des lignes du tableau : un guillemet n’est sans doute pas fermé ; ${lost}`,
    );
  }
  if (width === 0 || cells.length === width) return undefined;
  if (last > first) {
    // A line break inside quotes is legitimate (a comment on two lines) only when the record still has the header's shape.
    return tr(
      `A quoted value opened on line ${first} runs to line ${last} and leaves ${cells.length} values for ${width} columns: a quote is probably not closed; ${lost}`,
      `Une valeur entre guillemets ouverte ligne ${first} court jusqu’à la ligne ${last} et laisse ${cells.length} valeurs pour ${width} colonnes : un guillemet n’est sans doute pas fermé ; ${lost}`,
    );
  }
  if (cutOff && cells.length < width) {
    return tr(
      `The file ends in the middle of line ${first} (${cells.length} values for ${width} columns): it was cut off; ${lost}`,
      `Le fichier s’arrête au milieu de la ligne ${first} (${cells.length} valeurs pour ${width} colonnes) : il a été tronqué ; ${lost}`,
    );
  }
  return undefined;
}

/**
 * Every record's lines come from its values: a line break is either in a value (quoted) or ends
 * its record, so papaparse parses the whole text at once (without a callback per row, which
 * took it half as long again on the bench's 100,000 rows).
 */
export function parseCsv(input: string): Sheet {
  // One kind of line break, so papaparse's records and our line count agree on every file.
  const text = input.replace(/\r\n?/g, '\n');
  const separator = detectSeparator(text);
  const { data, errors } = Papa.parse<string[]>(text, { delimiter: separator, newline: '\n', skipEmptyLines: false });
  // Where each unclosed quote opened, by record (the rest of the file is its last value).
  const unclosed = new Map(errors.filter((e) => e.code === 'MissingQuotes').map((e) => [e.row, e.index]));
  const endsWithBreak = text.endsWith('\n');
  const records: SheetRecord[] = [];
  let line = 1;
  let width = 0;
  for (let i = 0; i < data.length; i++) {
    const cells = data[i]!;
    const breaks = breaksIn(cells);
    const quoteAt = unclosed.get(i);
    const quoteLine = quoteAt === undefined ? null : 1 + countNewlines(text, 0, quoteAt);
    if (!isBlank(cells) || quoteLine !== null) {
      const cutOff = i === data.length - 1 && !endsWithBreak;
      // A value never closed runs to the end of the file, the file's last line break included.
      const last = line + breaks - (quoteAt !== undefined && endsWithBreak ? 1 : 0);
      // A record on one line with the header's width has no defect (the common case, without defect's wording).
      const sound = quoteLine === null && last === line && cells.length === width;
      const error = records.length === 0 || sound ? undefined : defect(cells, width, separator, line, last, quoteLine, cutOff);
      records.push(error ? { line, cells, error } : { line, cells });
      if (records.length === 1) width = cells.length;
    }
    line += breaks + 1;
  }
  const header = records.shift();
  return { headers: (header?.cells ?? []).map((h) => h.trim()), records, separator };
}
