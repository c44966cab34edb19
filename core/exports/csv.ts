/** CSV for French spreadsheets: semicolons, UTF-8 with a BOM, CRLF lines, neutralised text. */
import { safeCell } from './safe-cell';

function field(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value).replace('.', ',');
  const safe = safeCell(value);
  return /[;"\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Every CSV the app writes goes through here, so every text cell is neutralised. */
export function csvText(rows: (string | number | null)[][]): string {
  return '\uFEFF' + rows.map((r) => r.map(field).join(';')).join('\r\n') + '\r\n';
}
