/**
 * The report's words in the caller's language. Built while the command runs (tr() reads the
 * language of the call), then handed to the renderers, which may finish after the call returns.
 */
import { pdfSafe } from '../exports/pdf';
import { tr } from '../language';
import type { ReportRow } from './monthly';

export type Column = { key: keyof ReportRow; label: string; kind: 'text' | 'int' | 'hours' | 'rate' | 'money' };

export function reportLabels(month: string) {
  const columns: Column[] = [
    { key: 'name', label: tr('Member', 'Membre'), kind: 'text' },
    { key: 'received', label: tr('Leads received (dispatched)', 'Leads reçus (attribués)'), kind: 'int' },
    { key: 'accepted', label: tr('Accepted', 'Acceptés'), kind: 'int' },
    { key: 'acceptedInTime', label: tr('Accepted in time', 'Acceptés dans les délais'), kind: 'int' },
    { key: 'contactedInTime', label: tr('Contacted in time', 'Contactés dans les délais'), kind: 'int' },
    { key: 'medianAcceptHours', label: tr('Median time to accept (business h)', 'Délai médian d’acceptation (h ouvrées)'), kind: 'hours' },
    { key: 'medianContactHours', label: tr('Median time to contact (business h)', 'Délai médian de contact (h ouvrées)'), kind: 'hours' },
    { key: 'reassignments', label: tr('Re-assignments', 'Ré-attributions'), kind: 'int' },
    { key: 'declined', label: tr('Declined', 'Refusés'), kind: 'int' },
    { key: 'treatedRate', label: tr('Treated rate', 'Taux de traitement'), kind: 'rate' },
    { key: 'conversion', label: tr('Conversion', 'Transformation'), kind: 'rate' },
    { key: 'won', label: tr('Won', 'Gagnés'), kind: 'int' },
    { key: 'revenueCents', label: tr('Revenue won (€)', 'CA gagné (€)'), kind: 'money' },
  ];
  return {
    title: tr('Monthly SLA report', 'Rapport SLA mensuel'),
    month,
    monthName: new Intl.DateTimeFormat(tr('en-GB', 'fr-FR'), { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-15T00:00:00Z`)),
    locale: tr('en-GB', 'fr-FR'),
    overall: tr('Whole network', 'Ensemble du réseau'),
    summary: tr('Summary', 'Synthèse'),
    members: tr('Members', 'Membres'),
    leadsReceived: tr('Leads received in the month', 'Leads reçus dans le mois'),
    whiteZone: tr('Leads in white zones', 'Leads en zone blanche'),
    generated: tr('Generated on', 'Généré le'),
    page: tr('Page', 'Page'),
    of: tr('of', 'sur'),
    chartTitle: tr('Accepted in time per member', 'Acceptés dans les délais par membre'),
    noActivity: tr('No lead was dispatched to a member this month.', 'Aucun lead n’a été attribué à un membre ce mois-ci.'),
    figure: tr('Figure', 'Indicateur'),
    value: tr('Value', 'Valeur'),
    columns,
  };
}

export type ReportLabels = ReturnType<typeof reportLabels>;

/** A cell's display text (PDF, preview); spreadsheets get the raw numbers. */
export function formatCell(row: ReportRow, col: Column, locale: string): string {
  return pdfSafe(formatRaw(row, col, locale));
}

function formatRaw(row: ReportRow, col: Column, locale: string): string {
  const v = row[col.key];
  if (v === null || v === undefined) return '–';
  const n = Number(v);
  switch (col.kind) {
    case 'text':
      return String(v);
    case 'int':
      return n.toLocaleString(locale);
    case 'hours':
      return n.toLocaleString(locale, { maximumFractionDigits: 1 });
    case 'rate':
      return n.toLocaleString(locale, { style: 'percent', maximumFractionDigits: 1 });
    case 'money':
      return (n / 100).toLocaleString(locale, { style: 'currency', currency: 'EUR' });
    default: {
      const never: never = col.kind;
      return String(never);
    }
  }
}
