/**
 * privacy.*: a person's data found, exported (JSON or PDF) or erased on request, and the audit
 * log that records each of these. Exports and erasures name the leads in the log, never the
 * e-mail or phone the person was looked up by.
 */
import { z } from 'zod';
import { command } from '../commands/define';
import { AppError } from '../commands/errors';
import { tr, zmsg } from '../language';
import { startJob } from '../exports/jobs';
import { anonymiseLeads, emptyWal } from './anonymise';
import { ERASURE_REASONS } from '../../common/audit';
import { audit, auditQuery, listAudit } from './audit';
import { buildDossier } from './dossier';
import { dossierPdf } from './pdf';
import { recordErasure } from './ledger';
import { findPersonLeads, personQuery, type PersonQuery } from './person';
import type { Context } from '../commands/define';

function personLeadsOrFail(ctx: Context, q: PersonQuery) {
  const leads = findPersonLeads(ctx.db, q);
  if (leads.length === 0) throw new AppError('not_found', tr('No lead holds this e-mail or phone number.', 'Aucun lead ne porte cet e-mail ou ce téléphone.'));
  return leads;
}

const REASON = zmsg('Choose the reason for the erasure', 'Choisissez la raison de l’effacement');

const subject = (ids: number[]) => ids.map((id) => `lead:${id}`).join(',');

function fileName(ids: number[], ext: string): string {
  return `${tr('personal-data', 'donnees-personnelles')}-${ids.length === 1 ? ids[0] : `${ids[0]}-and-${ids.length - 1}`}.${ext}`;
}

export const privacyCommands = {
  'privacy.find': command(personQuery, (ctx, q) => findPersonLeads(ctx.db, q)),
  /** JSON comes back in the answer (the CLI prints it); a PDF is rendered as a job for exports.download. */
  'privacy.export': command(z.object({ person: personQuery, format: z.enum(['json', 'pdf']) }), (ctx, { person, format }) => {
    const leads = personLeadsOrFail(ctx, person);
    const ids = leads.map((l) => l.id);
    const dossier = buildDossier(ctx, leads);
    audit(ctx, 'person.export', subject(ids), { format, leadIds: ids });
    if (format === 'json') return { format, fileName: fileName(ids, 'json'), dossier };
    return { format, ...startJob(fileName(ids, 'pdf'), 'application/pdf', dossierPdf(dossier)) };
  }),
  /**
   * The reason is a code; the optional comment may name the person, so it stays in the audit
   * log only COMMENT_DAYS days and never reaches the erasure ledger, which outlives restores.
   */
  'privacy.erase': command(
    z.object({ person: personQuery, reason: z.enum(ERASURE_REASONS, REASON), comment: z.string().trim().max(500).optional() }),
    (ctx, { person, reason, comment }) => {
      const result = ctx.db.transaction(() => {
        const ids = personLeadsOrFail(ctx, person).map((l) => l.id);
        const erased = anonymiseLeads(ctx, ids);
        const details = { reason, leadIds: ids, erased };
        const entry = audit(ctx, 'person.erase', subject(ids), comment ? { ...details, comment } : details);
        recordErasure(ctx, ids, { ...entry, details });
        return { leadIds: ids, erased };
      })();
      emptyWal(ctx);
      return result;
    },
    // Once the user is told the data is erased, a power cut must not bring it back.
    { ownTransactions: true, durable: true },
  ),
  'privacy.audit': command(auditQuery, (ctx, q) => listAudit(ctx.db, q)),
};
