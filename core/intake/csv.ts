/**
 * CSV text -> header and records, each record with the file line it starts on (the header is
 * line 1; a record whose quoted field spans lines is numbered by its first line), so a report
 * can say "line 57" and the user finds it in their editor.
 */
import Papa from 'papaparse';

export type Separator = ';' | ',' | '\t';

export interface SheetRecord {
  line: number;
  cells: string[];
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

const isBlank = (cells: string[]) => cells.every((c) => c.trim() === '');

export function parseCsv(input: string): Sheet {
  // One kind of line break, so papaparse's cursor and our line count agree on every file.
  const text = input.replace(/\r\n?/g, '\n');
  const separator = detectSeparator(text);
  const records: SheetRecord[] = [];
  let line = 1;
  let lastCursor = 0;
  Papa.parse<string[]>(text, {
    delimiter: separator,
    newline: '\n',
    skipEmptyLines: false,
    step: (result) => {
      // The cursor ends after the record's line break, so the next record starts there.
      if (!isBlank(result.data)) records.push({ line, cells: result.data });
      line += countNewlines(text, lastCursor, result.meta.cursor);
      lastCursor = result.meta.cursor;
    },
  });
  const header = records.shift();
  return { headers: (header?.cells ?? []).map((h) => h.trim()), records, separator };
}
