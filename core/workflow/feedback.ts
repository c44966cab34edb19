/**
 * A member's feedback file: one line per lead with its reference (lead id, the AIG-<lead>-<dispatch>
 * reference of the dispatch e-mail, or the source's own reference the lead was imported with) and its new status, plus an optional reason, amount and date.
 * Each line is recorded on its own, exactly as if entered on the lead page: good lines go in,
 * a bad line is reported with its line number and why, and never undoes the others.
 */
import { z } from 'zod';
import type { Context } from '../commands/define';
import { AppError } from '../commands/errors';
import { fileContentBase64 } from '../commands/limits';
import { tr } from '../language';
import { readOrRefuse } from '../intake/read';
import { parseLeadDate } from '../leads/dates';
import { SAME_REFERENCE } from '../leads/store';
import { fold } from '../search/fold';
import { recordStep, stepInput } from './record';
import type { Step } from '../../common/leads';

export const feedbackInput = z.object({ fileName: z.string().trim().min(1).max(255), contentBase64: fileContentBase64 });

export interface FeedbackLine {
  line: number;
  leadId: number | null;
  step: Step | null;
  ok: boolean;
  message: string;
}

const COLUMNS: Record<'lead' | 'status' | 'reason' | 'amount' | 'date', string[]> = {
  lead: ['lead', 'lead id', 'id', 'reference', 'ref', 'numero', 'n lead', 'ref externe', 'reference externe', 'external ref', 'ref source', 'reference source', 'n dossier', 'dossier'],
  status: ['status', 'statut', 'etat', 'etape', 'step', 'resultat'],
  reason: ['reason', 'raison', 'motif', 'commentaire', 'comment'],
  amount: ['amount', 'montant', 'montant ht', 'ca', 'devis'],
  date: ['date', 'le', 'date statut'],
};

/** Words members write, French or English, for each step. */
const STEP_WORDS: [RegExp, Step][] = [
  [/^(accept|accepte|ok|pris)/, 'accepted'],
  [/^(decline|refus|rejet)/, 'declined'],
  [/^(contact|appel)/, 'contacted'],
  [/^(quote_?2|devis ?2|2e devis|second)/, 'quote_2'],
  [/^(quote|devis)/, 'quote_1'],
  [/^(follow|relanc)/, 'follow_up'],
  [/^(won|gagn|vendu|signe|vente)/, 'won'],
  [/^(lost|perdu|non[- ]?vente|abandon)/, 'lost'],
];

export function stepOf(raw: string): Step | null {
  const word = fold(raw.trim());
  return STEP_WORDS.find(([re]) => re.test(word))?.[1] ?? null;
}

/**
 * The lead a reference names: an AIG-<lead>-<dispatch> reference, else the source's own
 * reference, else a bare lead number. A number that is both one lead's id and another's source
 * reference is refused rather than guessed.
 */
function resolveLead(ctx: Context, raw: string): { leadId: number } | { leadId: null; error: string } {
  const text = raw.trim();
  const aig = /^AIG-(\d+)(?:-\d+)?$/i.exec(text);
  if (aig) return { leadId: Number(aig[1]) };
  const byRef = text ? (ctx.db.prepare(`SELECT id FROM leads WHERE ${SAME_REFERENCE} LIMIT 2`).pluck().all(text) as number[]) : [];
  const byId = /^\d{1,15}$/.test(text) && ctx.db.prepare('SELECT 1 FROM leads WHERE id = ?').get(Number(text)) ? Number(text) : null;
  if (byRef.length > 1) return { leadId: null, error: tr(`Reference "${text}" names several leads (from several sources)`, `La référence « ${text} » désigne plusieurs leads (de plusieurs sources)`) };
  if (byRef.length === 1 && byId !== null && byRef[0] !== byId)
    return {
      leadId: null,
      error: tr(
        `"${text}" is lead no. ${byId} and the reference of lead no. ${byRef[0]}: write AIG-${byId} or the reference with its lead`,
        `« ${text} » est le lead n°${byId} et la référence du lead n°${byRef[0]} : écrivez AIG-${byId} ou la référence de son lead`,
      ),
    };
  if (byRef.length === 1) return { leadId: byRef[0]! };
  if (/^\d{1,15}$/.test(text)) return { leadId: Number(text) };
  return { leadId: null, error: tr(`No lead reference in "${text}"`, `Pas de référence de lead dans « ${text} »`) };
}

function amountCents(raw: string): number | null {
  const cleaned = raw.replace(/[\s€]/g, '').replace(',', '.');
  if (cleaned === '') return null;
  const n = Number(cleaned);
  return Number.isFinite(n) && n >= 0 ? Math.round(n * 100) : Number.NaN;
}

export function importFeedback(ctx: Context, fileName: string, bytes: Uint8Array): { lines: FeedbackLine[]; recorded: number; rejected: number } {
  const sheet = readOrRefuse(fileName, bytes);
  const index = (k: keyof typeof COLUMNS) =>
    sheet.headers.findIndex((h) =>
      COLUMNS[k].includes(
        fold(h)
          .replace(/[^a-z0-9 _]/g, '')
          .trim(),
      ),
    );
  const col = { lead: index('lead'), status: index('status'), reason: index('reason'), amount: index('amount'), date: index('date') };
  if (col.lead < 0 || col.status < 0) {
    throw new AppError(
      'invalid_input',
      tr('The file needs a lead column (id or reference) and a status column.', 'Le fichier doit avoir une colonne lead (numéro ou référence) et une colonne statut.'),
    );
  }
  const lines = sheet.records.map((r) =>
    r.error ? { line: r.line, leadId: null, step: null, ok: false, message: r.error } : recordLine(ctx, r.line, (i: number) => (i < 0 ? '' : (r.cells[i] ?? '').trim()), col),
  );
  const recorded = lines.filter((l) => l.ok).length;
  return { lines, recorded, rejected: lines.length - recorded };
}

function recordLine(ctx: Context, line: number, cell: (i: number) => string, col: Record<keyof typeof COLUMNS, number>): FeedbackLine {
  const resolved = resolveLead(ctx, cell(col.lead));
  const leadId = resolved.leadId;
  const step = stepOf(cell(col.status));
  const fail = (message: string): FeedbackLine => ({ line, leadId, step, ok: false, message });
  if ('error' in resolved) return fail(resolved.error);
  if (step === null) return fail(tr(`Unknown status "${cell(col.status)}"`, `Statut inconnu « ${cell(col.status)} »`));
  const amount = amountCents(cell(col.amount));
  if (Number.isNaN(amount)) return fail(tr(`Not an amount: "${cell(col.amount)}"`, `Montant illisible : « ${cell(col.amount)} »`));
  const at = cell(col.date) ? parseLeadDate(cell(col.date)) : null;
  const parsed = stepInput.safeParse({ leadId, step, reason: cell(col.reason), amountCents: amount, ...(at ? { at } : {}) });
  if (!parsed.success) return fail(parsed.error.issues.map((i) => i.message).join('; '));
  try {
    ctx.db.transaction(() => recordStep(ctx, parsed.data))();
    return { line, leadId, step, ok: true, message: '' };
  } catch (error) {
    if (error instanceof AppError) return fail(error.message);
    throw error;
  }
}
