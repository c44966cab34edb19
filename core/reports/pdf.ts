/**
 * The monthly report's PDF: a cover, the network summary with a chart, then one table per
 * member, in the app's A4 document (exports/pdf.ts).
 */
import type { PdfNode as Node } from '../exports/libraries';
import { a4Pdf, BRAND, pdfSafe, pdfWrapped, stamp } from '../exports/pdf';
import { acceptedInTimeSvg } from './chart';
import { formatCell, type ReportLabels } from './labels';
import type { MonthlyReport, ReportRow } from './monthly';

function figuresTable(row: ReportRow, labels: ReportLabels, valueWidth: number | string = 120, fontSize = 10): Node {
  const body = labels.columns.slice(1).map((c) => [{ text: c.label }, { text: formatCell(row, c, labels.locale), alignment: 'right', bold: true }]);
  return { table: { widths: ['*', valueWidth], body }, layout: 'lightHorizontalLines', fontSize };
}

/** Members two by two, each title kept with its table. */
function memberTables(report: MonthlyReport, labels: ReportLabels): Node[] {
  // A name without spaces wider than its column would be cut off: pdfWrapped lets it break.
  const card = (m: ReportRow): Node => {
    const name = pdfWrapped(m.name);
    return { stack: [{ text: typeof name === 'string' ? name : name.text, style: 'h3' }, figuresTable(m, labels, 'auto', 8)] };
  };
  const rows: Node[] = [];
  for (let i = 0; i < report.members.length; i += 2) {
    const pair = report.members.slice(i, i + 2);
    rows.push({ columns: [card(pair[0]!), pair[1] ? card(pair[1]) : { text: '' }], columnGap: 24, unbreakable: true, margin: [0, 0, 0, 12], pageBreak: i === 0 ? 'before' : undefined });
  }
  return rows;
}

function cover(report: MonthlyReport, labels: ReportLabels): Node[] {
  return [
    { text: 'Aiguillage', color: BRAND, fontSize: 14, bold: true, margin: [0, 160, 0, 8] },
    { text: labels.title, fontSize: 30, bold: true },
    { text: labels.monthName, fontSize: 20, color: '#555', margin: [0, 6, 0, 40] },
    {
      table: {
        widths: ['*', 'auto'],
        body: [
          [labels.leadsReceived, { text: pdfSafe(report.leadsReceived.toLocaleString(labels.locale)), bold: true, alignment: 'right' }],
          [labels.columns[3]!.label, { text: pdfSafe(report.overall.acceptedInTime.toLocaleString(labels.locale)), bold: true, alignment: 'right' }],
          [labels.columns[12]!.label, { text: formatCell(report.overall, labels.columns[12]!, labels.locale), bold: true, alignment: 'right' }],
        ],
      },
      layout: 'noBorders',
      fontSize: 12,
    },
    { text: `${labels.generated} ${stamp(report.generatedAt, labels.locale)}`, fontSize: 9, color: '#777', margin: [0, 40, 0, 0], pageBreak: 'after' },
  ];
}

function chart(report: MonthlyReport, labels: ReportLabels): Node {
  if (report.members.length === 0) return { text: labels.noActivity, italics: true, margin: [0, 12, 0, 0] };
  try {
    return [
      { text: labels.chartTitle, style: 'h2' },
      { svg: acceptedInTimeSvg(report, labels), width: 515 },
    ];
  } catch {
    // Without the SVG chart, the same figures as bars drawn with table cells.
    const max = Math.max(1, ...report.members.map((m) => m.received));
    return [
      { text: labels.chartTitle, style: 'h2' },
      {
        table: {
          widths: [150, '*'],
          body: report.members.slice(0, 15).map((m) => [pdfWrapped(m.name), { canvas: [{ type: 'rect', x: 0, y: 2, w: (300 * m.acceptedInTime) / max, h: 8, color: '#2e7d32' }] }]),
        },
        layout: 'noBorders',
        fontSize: 8,
      },
    ];
  }
}

export async function reportPdf(report: MonthlyReport, labels: ReportLabels): Promise<Buffer> {
  const content: Node[] = [
    ...cover(report, labels),
    { text: `${labels.summary} — ${labels.overall}`, style: 'h1' },
    figuresTable(report.overall, labels),
    { text: `${labels.whiteZone}: ${pdfSafe(report.whiteZone.toLocaleString(labels.locale))}`, margin: [0, 8, 0, 12], fontSize: 10 },
    chart(report, labels),
  ];
  content.push(...memberTables(report, labels));
  return a4Pdf(`${labels.title} ${labels.month}`, `${labels.title} — ${labels.monthName}`, labels, content);
}
