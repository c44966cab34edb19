/**
 * The keys that make two leads duplicates (see duplicates.ts): pure, so an import's worker
 * computes them with the rest of a row's normalisation and the thread that writes only looks
 * them up.
 */
import { fold } from '../search/fold';
import type { LeadFields } from './schema';

export type DuplicateReason = 'phone' | 'email' | 'name_postal_code' | 'reference';
/** The fields a lead is recognised by. */
export type Keyed = Pick<LeadFields, 'phone' | 'email' | 'lastName' | 'postalCode' | 'externalRef' | 'source'>;

/** A lead's keys for DuplicateIndex, each with the reason two leads sharing it are duplicates. */
export type DuplicateKey = [DuplicateReason, string];

export function duplicateKeys(lead: Keyed): DuplicateKey[] {
  const out: DuplicateKey[] = [];
  if (lead.phone) out.push(['phone', lead.phone]);
  if (lead.email) out.push(['email', lead.email]);
  if (lead.lastName && lead.postalCode) out.push(['name_postal_code', `${fold(lead.lastName)}|${lead.postalCode}`]);
  // A reference is the source's own: two call centers may both number their leads from 1.
  if (lead.externalRef) out.push(['reference', `${fold(lead.source)}|${fold(lead.externalRef)}`]);
  return out;
}
