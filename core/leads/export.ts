/**
 * The leads of the list (its filters and order) as a CSV file: every stored field, the BANT
 * budget and timeline beside the text the source gave, and one column per extra column of the
 * imports (by header, in the order first met), so what an import kept comes back out. Written
 * by the shared CSV writer, so no cell runs as a formula.
 */
import { z } from 'zod';
import type { Db } from '../db/connection';
import { AppError } from '../commands/errors';
import { tr } from '../language';
import { csvText } from '../exports/csv';
import { parisDay } from '../../common/paris';
import type { Lead } from './schema';
import { listInput, selectLeads } from './search';

/** Beyond this, the export asks for narrower filters (a file people open in a spreadsheet). */
export const MAX_EXPORTED = 100_000;

export const exportInput = listInput.omit({ limit: true, offset: true });

const COLUMNS: [header: () => string, value: (l: Lead) => string | number | null][] = [
  [() => tr('Lead', 'Lead'), (l) => l.id],
  [() => tr('Received', 'Reçu le'), (l) => parisDay(l.receivedAt)],
  [() => tr('Status', 'Statut'), (l) => l.status],
  [() => tr('Temperature', 'Température'), (l) => l.temperature],
  [() => tr('Score', 'Score'), (l) => l.score],
  [() => tr('Source reference', 'Référence de la source'), (l) => l.externalRef],
  [() => tr('Civility', 'Civilité'), (l) => l.civility],
  [() => tr('First name', 'Prénom'), (l) => l.firstName],
  [() => tr('Last name', 'Nom'), (l) => l.lastName],
  [() => tr('Phone', 'Téléphone'), (l) => l.phone],
  [() => tr('E-mail', 'E-mail'), (l) => l.email],
  [() => tr('Company', 'Société'), (l) => l.company],
  [() => tr('Address', 'Adresse'), (l) => l.address],
  [() => tr('Postal code', 'Code postal'), (l) => l.postalCode],
  [() => tr('City', 'Ville'), (l) => l.city],
  [() => tr('Département', 'Département'), (l) => l.departement],
  [() => tr('Country', 'Pays'), (l) => l.country],
  [() => tr('Source', 'Source'), (l) => l.source],
  [() => tr('Channel', 'Canal'), (l) => l.channel],
  [() => tr('Campaign', 'Campagne'), (l) => l.campaign],
  [() => tr('Project', 'Projet'), (l) => l.product],
  [() => tr('Budget (€)', 'Budget (€)'), (l) => (l.bant.budgetCents === null ? null : l.bant.budgetCents / 100)],
  [() => tr('Budget as given', 'Budget tel que donné'), (l) => l.budgetText],
  [() => tr('Timeline', 'Échéance'), (l) => l.bant.timeline],
  [() => tr('Timeline as given', 'Délai tel que donné'), (l) => l.timelineText],
  [() => tr('Comment', 'Commentaire'), (l) => l.comment],
];

export function leadsCsv(db: Db, input: z.output<typeof exportInput>, now: number): { fileName: string; text: string; count: number } {
  const { total, items } = selectLeads(db, { ...input, limit: MAX_EXPORTED, offset: 0 }, MAX_EXPORTED);
  if (total > MAX_EXPORTED)
    throw new AppError('invalid_input', tr(`${total} leads match; narrow the filters to at most ${MAX_EXPORTED}.`, `${total} leads correspondent ; resserrez les filtres à ${MAX_EXPORTED} au plus.`));
  const extraNames: string[] = [];
  const seen = new Set<string>();
  for (const e of items.flatMap((l) => l.extra)) {
    if (seen.has(e.name)) continue;
    seen.add(e.name);
    extraNames.push(e.name);
  }
  const header = [...COLUMNS.map(([h]) => h()), ...extraNames];
  const rows = items.map((l) => {
    const extra = new Map(l.extra.map((e) => [e.name, e.value]));
    return [...COLUMNS.map(([, value]) => value(l)), ...extraNames.map((n) => extra.get(n) ?? '')];
  });
  return { fileName: `leads-${parisDay(now)}.csv`, text: csvText([header, ...rows]), count: items.length };
}
