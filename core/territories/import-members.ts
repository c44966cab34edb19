/**
 * Which member an imported feature belongs to. Files from other tools name the member in
 * different ways, so several properties are tried in order: an id first (exact, what our own
 * export writes), then a name compared without case.
 */
import { AppError } from '../commands/errors';
import { tr } from '../language';
import type { Member } from '../members/schema';

export interface MemberLookup {
  byId: ReadonlyMap<number, Member>;
  /** Keys lower-cased. */
  byName: ReadonlyMap<string, Member>;
}

const NAME_KEYS = ['member', 'memberName', 'name'] as const;
export type MatchedBy = 'memberId' | (typeof NAME_KEYS)[number];

export function resolveMember(props: Record<string, unknown>, lookup: MemberLookup): { member: Member; matchedBy: MatchedBy } {
  const id = typeof props.memberId === 'string' && /^\d+$/.test(props.memberId) ? Number(props.memberId) : props.memberId;
  const byId = typeof id === 'number' ? lookup.byId.get(id) : undefined;
  if (byId) return { member: byId, matchedBy: 'memberId' };
  for (const key of NAME_KEYS) {
    const value = props[key];
    const member = typeof value === 'string' ? lookup.byName.get(value.trim().toLocaleLowerCase('fr')) : undefined;
    if (member) return { member, matchedBy: key };
  }
  throw new AppError('not_found', noMatch(props));
}

function noMatch(props: Record<string, unknown>): string {
  const tried = ['memberId', ...NAME_KEYS].filter((k) => props[k] !== undefined).map((k) => `${k}=${JSON.stringify(props[k]).slice(0, 60)}`);
  if (tried.length === 0) {
    return tr('No member named: add a memberId, member or name property.', 'Aucun membre indiqué : ajoutez une propriété memberId, member ou name.');
  }
  return tr(`No member matches ${tried.join(', ')}.`, `Aucun membre ne correspond à ${tried.join(', ')}.`);
}

/** The territory's own name; `name` is used for it unless `name` was what named the member. */
export function territoryNameOf(props: Record<string, unknown>, matchedBy: MatchedBy, index: number): string {
  const candidates = [props.territoryName, props.territory, matchedBy === 'name' ? undefined : props.name, props.title];
  const found = candidates.find((c): c is string => typeof c === 'string' && c.trim() !== '');
  return (found?.trim() ?? tr(`Zone ${index + 1}`, `Zone ${index + 1}`)).slice(0, 120);
}
