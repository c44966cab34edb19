/**
 * One person's leads: a lead named by id, and every lead sharing its e-mail or phone, or the
 * leads matching an e-mail or phone given directly (normalised as intake stores them, so
 * "06 12 34 56 78" finds "+33612345678"). One level of matching: a request names a person by
 * the contact details they gave, not by whoever else shared a phone with them.
 */
import { z } from 'zod';
import type { Db } from '../db/connection';
import { jsonIds } from '../db/json';
import { AppError, fieldError } from '../commands/errors';
import { tr, zmsg } from '../language';
import { normaliseEmail, normalisePhone } from '../leads/normalize';
import { getLead } from '../leads/store';

export const personQuery = z
  .object({
    leadId: z.number().int().positive().optional(),
    email: z.string().trim().max(254).optional(),
    phone: z.string().trim().max(40).optional(),
  })
  .refine((q) => q.leadId !== undefined || q.email || q.phone, { path: ['leadId'], ...zmsg('Give a lead, an e-mail or a phone number', 'Indiquez un lead, un e-mail ou un téléphone') });
export type PersonQuery = z.output<typeof personQuery>;

export interface PersonLead {
  id: number;
  name: string;
  email: string;
  phone: string;
  status: string;
  receivedAt: number;
}

function normalised(field: 'email' | 'phone', raw: string): string {
  const result = field === 'email' ? normaliseEmail(raw) : normalisePhone(raw);
  if ('error' in result) throw fieldError('invalid_input', field, result.error);
  return result.value;
}

export function findPersonLeads(db: Db, q: PersonQuery): PersonLead[] {
  const ids = new Set<number>();
  const emails = new Set<string>();
  const phones = new Set<string>();
  if (q.leadId !== undefined) {
    const lead = getLead(db, q.leadId);
    if (!lead) throw new AppError('not_found', tr(`No lead with id ${q.leadId}.`, `Aucun lead n°${q.leadId}.`));
    ids.add(lead.id);
    if (lead.email) emails.add(lead.email);
    if (lead.phone) phones.add(lead.phone);
  }
  if (q.email) emails.add(normalised('email', q.email));
  if (q.phone) phones.add(normalised('phone', q.phone));
  const byEmail = db.prepare(`SELECT id FROM leads WHERE email = ? AND email <> ''`).pluck();
  const byPhone = db.prepare(`SELECT id FROM leads WHERE phone = ? AND phone <> ''`).pluck();
  for (const e of emails) for (const id of byEmail.all(e) as number[]) ids.add(id);
  for (const p of phones) for (const id of byPhone.all(p) as number[]) ids.add(id);
  return db
    .prepare(
      `SELECT id, trim(first_name || ' ' || last_name) AS name, email, phone, status, received_at AS "receivedAt" FROM leads
       WHERE id IN ${jsonIds(db.engine, '?')} ORDER BY received_at, id`,
    )
    .all(JSON.stringify([...ids])) as PersonLead[];
}
