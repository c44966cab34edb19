/**
 * members.*: the network's members. Archiving keeps the row (leads and history point to it)
 * and frees the name for a new member.
 */
import { z } from 'zod';
import { command } from '../commands/define';
import { AppError, fieldError } from '../commands/errors';
import { departementOfPostalCode } from '../geo/departements';
import type { Context } from '../commands/define';
import { memberFields, memberId, type Member, type MemberFields } from './schema';
import * as store from './store';
import { fold } from '../search/fold';
import { tr } from '../language';

export const membersCommands = {
  'members.list': command(
    z.object({ search: z.string().max(200).default(''), includeArchived: z.boolean().default(false) }),
    (ctx, { search, includeArchived }) => filterMembers(store.listMembers(ctx.db, includeArchived), search),
  ),
  'members.get': command(memberId, (ctx, { id }) => mustGet(ctx, id)),
  'members.create': command(memberFields, (ctx, fields) => {
    assertNameFree(ctx, fields.name);
    return store.insertMember(ctx.db, fields, departementOf(fields), ctx.now());
  }),
  'members.update': command(memberId.extend(memberFields.partial().shape), (ctx, { id, ...changes }) => {
    const current = mustGet(ctx, id);
    if (current.archivedAt !== null) throw new AppError('conflict', tr('This member is archived; restore it before editing.', 'Ce membre est archivé : restaurez-le avant de le modifier.'));
    const next: MemberFields = { ...current, ...dropUndefined(changes) };
    if (next.name.toLowerCase() !== current.name.toLowerCase()) assertNameFree(ctx, next.name);
    store.updateMember(ctx.db, id, next, departementOf(next), ctx.now());
    return mustGet(ctx, id);
  }),
  'members.archive': command(memberId.extend({ archived: z.boolean().default(true) }), (ctx, { id, archived }) => {
    const current = mustGet(ctx, id);
    if (!archived && current.archivedAt !== null) assertNameFree(ctx, current.name);
    store.setArchived(ctx.db, id, archived ? ctx.now() : null, ctx.now());
    return mustGet(ctx, id);
  }),
};

function mustGet(ctx: Context, id: number): Member {
  const member = store.getMember(ctx.db, id);
  if (!member) throw new AppError('not_found', tr(`No member with id ${id}.`, `Aucun membre n°${id}.`));
  return member;
}

function assertNameFree(ctx: Context, name: string): void {
  if (store.findActiveByName(ctx.db, name)) throw fieldError('conflict', 'name', tr(`A member named "${name}" already exists.`, `Un membre nommé « ${name} » existe déjà.`));
}

function departementOf(fields: MemberFields): string {
  const dep = departementOfPostalCode(fields.postalCode);
  if (!dep) throw fieldError('invalid_input', 'postalCode', tr(`${fields.postalCode} is not the postal code of a French département.`, `${fields.postalCode} n’est le code postal d’aucun département français.`));
  return dep;
}

function dropUndefined<T extends object>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}

/** Accent- and case-insensitive match on name, city, postal code, département and contact. */
export function filterMembers(members: Member[], search: string): Member[] {
  const words = fold(search).split(/\s+/).filter(Boolean);
  if (words.length === 0) return members;
  return members.filter((m) => {
    const hay = fold([m.name, m.city, m.postalCode, m.departement, m.contactName, m.email, m.kind].join(' '));
    return words.every((w) => hay.includes(w));
  });
}
