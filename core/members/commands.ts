/**
 * members.*: the network's members. A member is known by its network code and/or SIRET, each
 * unique; names need not be (two firms may trade under one name in two towns). Archiving keeps
 * the row (leads and history point to it). Archiving or deactivating a member ends every session
 * of its people on the extranet (sign-in refuses them too while it stays so).
 */
import { z } from 'zod';
import { command } from '../commands/define';
import { AppError, fieldError } from '../commands/errors';
import { departementOfPostalCode } from '../geo/departements';
import type { Context } from '../commands/define';
import { memberFields, memberId, type Member, type MemberFields } from './schema';
import { isValidSiret } from './siret';
import * as store from './store';
import { claimVersion, expectedVersion } from '../db/row-version';
import { fold } from '../search/fold';
import { tr } from '../language';
import { loadCatalogue, type Catalogue } from '../products/catalogue';
import { endMemberSessions } from '../users/sessions';

export const membersCommands = {
  'members.list': command(z.object({ search: z.string().max(200).default(''), includeArchived: z.boolean().default(false) }), (ctx, { search, includeArchived }) => {
    const catalogue = loadCatalogue(ctx.db);
    return filterMembers(store.listMembers(ctx.db, includeArchived), search).map((m) => withUnknownLines(catalogue, m));
  }),
  'members.get': command(memberId, (ctx, { id }) => mustGet(ctx, id)),
  'members.create': command(memberFields, (ctx, input) => {
    assertSiretKey(input.siret);
    assertIdentityFree(ctx, input, null);
    const catalogue = loadCatalogue(ctx.db);
    const fields = withCatalogueLines(catalogue, input);
    return withUnknownLines(catalogue, store.insertMember(ctx.db, fields, departementOf(fields), ctx.now()));
  }),
  'members.update': command(memberId.extend({ ...memberFields.partial().shape, expectedVersion }), (ctx, { id, expectedVersion: expected, ...changes }) => {
    const catalogue = loadCatalogue(ctx.db);
    const current = mustGet(ctx, id, catalogue);
    claimMember(ctx, id, expected);
    if (current.archivedAt !== null) throw new AppError('conflict', tr('This member is archived; restore it before editing.', 'Ce membre est archivé : restaurez-le avant de le modifier.'));
    const next = withCatalogueLines(catalogue, { ...current, ...dropUndefined(changes) });
    assertSiretKey(next.siret);
    assertIdentityFree(ctx, next, id);
    store.updateMember(ctx.db, id, next, departementOf(next), ctx.now());
    if (!next.active) endMemberSessions(ctx.db, id);
    return mustGet(ctx, id, catalogue);
  }),
  'members.archive': command(memberId.extend({ archived: z.boolean().default(true), expectedVersion }), (ctx, { id, archived, expectedVersion: expected }) => {
    mustGet(ctx, id);
    claimMember(ctx, id, expected);
    store.setArchived(ctx.db, id, archived ? ctx.now() : null, ctx.now());
    if (archived) endMemberSessions(ctx.db, id);
    return mustGet(ctx, id);
  }),
};

/** A member as the commands return it: with the product-line labels the catalogue does not know, to report them. */
type MemberView = Member & { unknownProductLines: string[] };

function withUnknownLines(catalogue: Catalogue, member: Member): MemberView {
  return { ...member, unknownProductLines: catalogue.canonical(member.productLines).unknown };
}

/** Who changed a member last is not recorded (the audit log names server users: issue 17's auth part). */
function claimMember(ctx: Context, id: number, expected: number | undefined): void {
  claimVersion(ctx.db, 'members', id, expected, () => ({ current: mustGet(ctx, id), changedBy: null }));
}

/** `catalogue`: the caller's, when it has loaded one already. */
function mustGet(ctx: Context, id: number, catalogue?: Catalogue): MemberView {
  const member = store.getMember(ctx.db, id);
  if (!member) throw new AppError('not_found', tr(`No member with id ${id}.`, `Aucun membre n°${id}.`));
  return withUnknownLines(catalogue ?? loadCatalogue(ctx.db), member);
}

export function assertSiretKey(siret: string): void {
  if (siret !== '' && !isValidSiret(siret)) {
    throw fieldError(
      'invalid_input',
      'siret',
      tr(`The SIRET ${siret} fails its check digit (Luhn): a digit is wrong.`, `Le SIRET ${siret} ne passe pas sa clé de contrôle (Luhn) : un chiffre est faux.`),
    );
  }
}

/** A network code or SIRET names one member only (archived members keep theirs). */
export function assertIdentityFree(ctx: Pick<Context, 'db'>, fields: Pick<MemberFields, 'code' | 'siret'>, selfId: number | null): void {
  for (const key of ['code', 'siret'] as const) {
    const holder = store.findByIdentity(ctx.db, key, fields[key]);
    if (!holder || holder.id === selfId) continue;
    const who = `${holder.name} (${holder.city}${holder.archivedAt === null ? '' : tr(', archived', ', archivé')})`;
    throw fieldError(
      'conflict',
      key,
      key === 'code'
        ? tr(`The code ${fields.code} is already the member ${who}'s.`, `Le code ${fields.code} est déjà celui du membre ${who}.`)
        : tr(`The SIRET ${fields.siret} is already the member ${who}'s.`, `Le SIRET ${fields.siret} est déjà celui du membre ${who}.`),
    );
  }
}

/**
 * Product lines as the catalogue names them on save; labels it does not know are kept as typed
 * (and reported on read).
 */
export function withCatalogueLines(catalogue: Catalogue, fields: MemberFields): MemberFields {
  return { ...fields, productLines: catalogue.canonical(fields.productLines).lines };
}

export function departementOf(fields: MemberFields): string {
  const dep = departementOfPostalCode(fields.postalCode);
  if (!dep)
    throw fieldError(
      'invalid_input',
      'postalCode',
      tr(`${fields.postalCode} is not the postal code of a French département.`, `${fields.postalCode} n’est le code postal d’aucun département français.`),
    );
  return dep;
}

function dropUndefined<T extends object>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}

/** Accent- and case-insensitive match on name, code, SIRET, city, postal code, département and contact. */
export function filterMembers(members: Member[], search: string): Member[] {
  const words = fold(search).split(/\s+/).filter(Boolean);
  if (words.length === 0) return members;
  return members.filter((m) => {
    const hay = fold([m.name, m.code, m.siret, m.city, m.postalCode, m.departement, m.contactName, m.email, m.kind].join(' '));
    return words.every((w) => hay.includes(w));
  });
}
