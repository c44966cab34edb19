/**
 * A member's people, managed by the head office and by the member's own administrator (issue 18).
 * The head office lists any member's people, invites them (invitations.ts) and resets a lost
 * second factor. A member administrator lists their own member's people, invites a salesperson
 * (the same single-use link by mail) and disables or enables one (disabling ends their sessions
 * at once). The member is always the session's (scope.ts): an administrator names a person by id,
 * and one of another member is refused as if it did not exist.
 */
import { z } from 'zod';
import type { MemberRole } from '../../common/roles';
import { command, type Context } from '../commands/define';
import { AppError } from '../commands/errors';
import { prepared, type Db } from '../db/connection';
import { tr } from '../language';
import { audit } from '../privacy/audit';
import { removeSecondFactor } from '../users/second-factor';
import { endSessionsOf } from '../users/sessions';
import { getUser } from '../users/store';
import { invite, inviteInput } from './invitations';
import { memberOf } from './scope';

export interface Person {
  id: number;
  displayName: string;
  email: string;
  role: MemberRole;
  disabled: boolean;
  /** When they first used an invitation (chose their password); null while invited only. */
  joinedAt: number | null;
  secondFactor: boolean;
}

/** A member's people with their invitation's and second factor's state, by name. */
export function peopleOf(db: Db, memberId: number): Person[] {
  const rows = prepared(
    db,
    `SELECT u.id, u.display_name AS "displayName", u.email, u.role, u.disabled_at IS NOT NULL AS disabled,
       (SELECT min(i.used_at) FROM member_invitations i WHERE i.user_id = u.id) AS "joinedAt",
       EXISTS (SELECT 1 FROM user_second_factors f WHERE f.user_id = u.id AND f.confirmed_at IS NOT NULL) AS "secondFactor"
     FROM users u WHERE u.member_id = ? ORDER BY lower(u.display_name), u.id`,
  ).all(memberId) as (Omit<Person, 'disabled' | 'secondFactor'> & { disabled: unknown; secondFactor: unknown })[];
  return rows.map((u) => ({
    ...u,
    id: Number(u.id),
    disabled: Boolean(u.disabled),
    joinedAt: u.joinedAt === null ? null : Number(u.joinedAt),
    secondFactor: Boolean(u.secondFactor),
  }));
}

const personRef = z.object({ id: z.number().int().positive() });

/** The calling member administrator (the access table says so too: a salesperson manages nobody). */
function adminOf(ctx: Context) {
  const me = memberOf(ctx);
  if (me.role !== 'member_admin') throw new AppError('forbidden', tr('Only your member’s administrator manages its people.', 'Seul l’administrateur de votre membre gère ses collaborateurs.'));
  return me;
}

/** One of the caller's member's salespeople (not themselves); anyone else is refused with one message. */
function ownSalesperson(ctx: Context, id: number) {
  const me = adminOf(ctx);
  const user = prepared(ctx.db, 'SELECT id FROM users WHERE id = ? AND member_id = ?').get(id, me.memberId) ? getUser(ctx.db, id) : null;
  if (!user) throw new AppError('forbidden', tr('This person is not one of your member’s people.', 'Cette personne ne fait pas partie de vos collaborateurs.'));
  if (user.role !== 'salesperson' || user.id === me.userId) {
    throw new AppError('forbidden', tr('Only the head office changes a member administrator’s account.', 'Seule la tête de réseau modifie le compte d’un administrateur de membre.'));
  }
  return user;
}

/** Sets the person's disabled mark through the caller's own scope: a row its row security hides (PostgreSQL) is refused, nothing else done. */
function mark(ctx: Context, id: number, disabledAt: number | null): void {
  if (prepared(ctx.db, 'UPDATE users SET disabled_at = ? WHERE id = ? AND member_id = ?').run(disabledAt, id, memberOf(ctx).memberId).changes !== 1) {
    throw new AppError('forbidden', tr('This person is not one of your member’s people.', 'Cette personne ne fait pas partie de vos collaborateurs.'));
  }
}

export const peopleCommands = {
  /** The head office's view of a member's people, with the state of their invitation. */
  'members.people': command(z.object({ memberId: z.number().int().positive() }), (ctx, { memberId }) => peopleOf(ctx.db, memberId)),

  /** A member's person lost their phone: their second factor goes, their sessions end, and they set up a new one at their next sign-in. */
  'members.resetSecondFactor': command(z.object({ userId: z.number().int().positive() }), (ctx, { userId }) => {
    const user = getUser(ctx.db, userId);
    if (user.memberId === null) throw new AppError('forbidden', tr('Only a member’s people have a second factor here.', 'Seuls les collaborateurs des membres ont ici une validation en deux étapes.'));
    const removed = removeSecondFactor(ctx.db, userId);
    const ended = endSessionsOf(ctx.db, userId);
    audit(ctx, 'member.secondFactorReset', `user:${userId}`, { email: user.email, memberId: user.memberId, removed, sessionsEnded: ended });
    return { removed, sessionsEnded: ended };
  }),

  /**
   * The member administrator invites a salesperson of their own member: the head office's
   * invitation, the member from the session. In one transaction, as every member command (its
   * row-security scope's), the password's hash included: a rare act, worth the wait.
   */
  'extranet.invite': command(inviteInput.pick({ email: true, displayName: true, origin: true }), (ctx, input) => {
    try {
      return invite(ctx, { ...input, memberId: adminOf(ctx).memberId, role: 'salesperson' });
    } catch (error) {
      // Another member's person's address: refused as anything outside the member is, naming nobody.
      if (error instanceof AppError && error.code === 'conflict') throw new AppError('forbidden', tr('This address cannot be invited.', 'Cette adresse ne peut pas être invitée.'));
      throw error;
    }
  }),

  /** Every session of theirs ends at once. */
  'extranet.disablePerson': command(personRef, (ctx, { id }) => {
    const user = ownSalesperson(ctx, id);
    mark(ctx, id, ctx.now());
    const ended = endSessionsOf(ctx.db, id);
    audit(ctx, 'user.disable', `user:${id}`, { email: user.email, memberId: user.memberId, sessionsEnded: ended });
    return peopleOf(ctx.db, memberOf(ctx).memberId);
  }),

  'extranet.enablePerson': command(personRef, (ctx, { id }) => {
    const user = ownSalesperson(ctx, id);
    mark(ctx, id, null);
    audit(ctx, 'user.enable', `user:${id}`, { email: user.email, memberId: user.memberId });
    return peopleOf(ctx.db, memberOf(ctx).memberId);
  }),
};
