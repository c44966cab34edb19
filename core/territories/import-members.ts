/**
 * Which member an imported feature belongs to. Files from other tools name the member in
 * different ways, so several properties are tried in order: an id first (exact, what our own
 * export writes), the network's member code, then a name compared without case. Names need not
 * be unique: a name several members share names none of them, and the error says so.
 */
import { AppError } from '../commands/errors';
import { tr } from '../language';
import type { Member } from '../members/schema';

export interface MemberLookup {
  byId: ReadonlyMap<number, Member>;
  /** Keys lower-cased. */
  byCode: ReadonlyMap<string, Member>;
  /** Keys lower-cased; several members when they share the name. */
  byName: ReadonlyMap<string, readonly Member[]>;
}

export function memberLookup(members: Member[]): MemberLookup {
  const byName = new Map<string, Member[]>();
  for (const m of members) byName.set(m.name.toLocaleLowerCase('fr'), [...(byName.get(m.name.toLocaleLowerCase('fr')) ?? []), m]);
  return { byId: new Map(members.map((m) => [m.id, m])), byCode: new Map(members.filter((m) => m.code).map((m) => [m.code.toLocaleLowerCase('fr'), m])), byName };
}

const NAME_KEYS = ['member', 'memberName', 'name'] as const;
export type MatchedBy = 'memberId' | 'memberCode' | (typeof NAME_KEYS)[number];

export function resolveMember(props: Record<string, unknown>, lookup: MemberLookup): { member: Member; matchedBy: MatchedBy } {
  const id = typeof props.memberId === 'string' && /^\d+$/.test(props.memberId) ? Number(props.memberId) : props.memberId;
  const byId = typeof id === 'number' ? lookup.byId.get(id) : undefined;
  if (byId) return { member: byId, matchedBy: 'memberId' };
  const byCode = typeof props.memberCode === 'string' ? lookup.byCode.get(props.memberCode.trim().toLocaleLowerCase('fr')) : undefined;
  if (byCode) return { member: byCode, matchedBy: 'memberCode' };
  for (const key of NAME_KEYS) {
    const value = props[key];
    const named = typeof value === 'string' ? lookup.byName.get(value.trim().toLocaleLowerCase('fr')) : undefined;
    if (named?.length === 1) return { member: named[0]!, matchedBy: key };
    if (named && named.length > 1) {
      const towns = named.map((m) => m.city).join(', ');
      throw new AppError(
        'conflict',
        tr(
          `Several members are named "${String(value)}" (${towns}): name the member by memberCode or memberId.`,
          `Plusieurs membres s’appellent « ${String(value)} » (${towns}) : désignez le membre par memberCode ou memberId.`,
        ),
      );
    }
  }
  throw new AppError('not_found', noMatch(props));
}

function noMatch(props: Record<string, unknown>): string {
  const tried = ['memberId', 'memberCode', ...NAME_KEYS].filter((k) => props[k] !== undefined).map((k) => `${k}=${JSON.stringify(props[k]).slice(0, 60)}`);
  if (tried.length === 0) {
    return tr('No member named: add a memberId, memberCode, member or name property.', 'Aucun membre indiqué : ajoutez une propriété memberId, memberCode, member ou name.');
  }
  return tr(`No member matches ${tried.join(', ')}.`, `Aucun membre ne correspond à ${tried.join(', ')}.`);
}

/** The territory's own name; `name` is used for it unless `name` was what named the member. */
export function territoryNameOf(props: Record<string, unknown>, matchedBy: MatchedBy, index: number): string {
  const candidates = [props.territoryName, props.territory, matchedBy === 'name' ? undefined : props.name, props.title];
  const found = candidates.find((c): c is string => typeof c === 'string' && c.trim() !== '');
  return (found?.trim() ?? tr(`Zone ${index + 1}`, `Zone ${index + 1}`)).slice(0, 120);
}
