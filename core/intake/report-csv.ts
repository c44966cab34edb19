/**
 * An import's report as a CSV file (line, outcome, messages, lead), one row per data row in
 * file order, written by the same code as every other CSV export so no cell runs as a formula.
 */
import { tr } from '../language';
import { csvText } from '../exports/csv';
import type { Outcome } from './pipeline';
import type { ImportReport } from './store';

const OUTCOMES: Record<Outcome, () => string> = {
  accepted: () => tr('Accepted', 'Acceptée'),
  warned: () => tr('Warning', 'Avertissement'),
  rejected: () => tr('Rejected', 'Rejetée'),
};

export function importReportCsv(report: ImportReport): { fileName: string; text: string } {
  const rows: [number, string, string, number | null][] = report.rows.map((r) => [r.line, OUTCOMES[r.outcome](), r.messages.join(' | '), r.leadId]);
  for (const [first, last] of report.acceptedLines) for (let line = first; line <= last; line++) rows.push([line, OUTCOMES.accepted(), '', null]);
  rows.sort((a, b) => a[0] - b[0]);
  const header = [tr('Line', 'Ligne'), tr('Outcome', 'Résultat'), tr('Messages', 'Messages'), tr('Lead', 'Lead')];
  return { fileName: `${report.fileName.replace(/\.[^.]+$/, '')}-report.csv`, text: csvText([header, ...rows]) };
}
