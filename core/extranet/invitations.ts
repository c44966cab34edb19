/**
 * The head office invites a member's people (issue 18): a user of the member, with a role of the
 * extranet and no usable password yet, and a single-use link by e-mail (the outbox, so a slow
 * mail server never blocks the command) to choose it. The link's token is 256 random bits of
 * which only the SHA-256 is stored; it works once, for INVITATION_DAYS. Opening the link shows a
 * page (mail scanners open every link: only the form's POST acts, host/accounts.ts), and using it
 * signs the person in. Inviting someone already invited sends a new link; the old ones stay
 * usable until they expire or one is used, after which the others are dropped.
 */
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { MEMBER_ROLES } from '../../common/roles';
import { command, type Context } from '../commands/define';
import { AppError, fieldError } from '../commands/errors';
import { prepared } from '../db/connection';
import { asHeadOffice } from '../db/row-security';
import { tr } from '../language';
import { enqueueMail } from '../mail/outbox';
import { getMember } from '../members/store';
import { audit } from '../privacy/audit';
import { generatePassword, hashPassword } from '../users/passwords';
import { deleteExpiredSessions, startSession } from '../users/sessions';
import { findForSignIn, getUser, insertUser, setPasswordHash, type User } from '../users/store';
import { newUserInput } from '../users/commands';

export const INVITATION_DAYS = 7;
const DAY_MS = 24 * 3_600_000;
const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

export const inviteInput = newUserInput.pick({ email: true, displayName: true }).extend({
  memberId: z.number().int().positive(),
  role: z.enum(MEMBER_ROLES),
  /** The address the people reach the server at (the head office's page's origin): the link starts with it. */
  origin: z.string().regex(/^https?:\/\/[^\s/?#]+$/, 'An origin such as https://aiguillage.example.fr'),
});

/** Hashes the unusable first password outside the transaction, as users.create does. */
export function invite(ctx: Context, input: z.output<typeof inviteInput>): { user: User; expiresAt: number } {
  const member = getMember(ctx.db, input.memberId);
  if (!member || member.archivedAt !== null) throw new AppError('not_found', tr(`No active member #${input.memberId}.`, `Aucun membre actif n°${input.memberId}.`));
  // Every user's address, whoever calls (a member administrator's scope sees only its own people): one address, one user.
  const existing = asHeadOffice(ctx.db, () => findForSignIn(ctx.db, input.email));
  if (existing && existing.user.memberId !== input.memberId) {
    throw fieldError('conflict', 'email', tr('This e-mail address is another user’s.', 'Cette adresse e-mail est celle d’un autre utilisateur.'));
  }
  const passwordHash = existing ? null : hashPassword(generatePassword());
  const token = randomBytes(32).toString('base64url');
  const now = ctx.now();
  const expiresAt = now + INVITATION_DAYS * DAY_MS;
  return ctx.db.transaction(() => {
    // Read again in the caller's own scope: on PostgreSQL a member administrator's row security hides another member's person.
    const user = existing ? getUser(ctx.db, existing.user.id) : insertUser(ctx.db, { ...input, passwordHash: passwordHash! }, now);
    prepared(ctx.db, 'INSERT INTO member_invitations (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)').run(hashOf(token), user.id, now, expiresAt);
    const link = `${input.origin}/#/invitation/${token}`;
    enqueueMail(ctx, {
      recipient: user.email,
      reference: `AIG-INV-${user.id}`,
      subject: `Aiguillage : votre accès à l’extranet de ${member.name} / your access to the extranet`,
      body: [
        `Bonjour ${user.displayName},`,
        '',
        `La tête de réseau vous ouvre un accès à l’extranet pour ${member.name}. Choisissez votre mot de passe avec ce lien, valable ${INVITATION_DAYS} jours et une seule fois :`,
        link,
        '',
        `The head office opens an extranet account for you at ${member.name}. Choose your password with this link, valid ${INVITATION_DAYS} days and once only (same link as above).`,
      ].join('\n'),
    });
    audit(ctx, 'member.invite', `user:${user.id}`, { memberId: input.memberId, role: user.role, expiresAt });
    return { user, expiresAt };
  })();
}

export const invitationCommands = {
  'members.invite': command(inviteInput, invite, { ownTransactions: true }),
};

export type InvitationState = { ok: true; email: string; displayName: string; memberName: string } | { ok: false; reason: 'used' | 'expired' | 'unknown' };

interface InvitationRow {
  user_id: number;
  expires_at: number;
  used_at: number | null;
}

function find(ctx: Pick<Context, 'db'>, token: string): InvitationRow | undefined {
  if (!token || token.length > 100) return undefined;
  return prepared(ctx.db, 'SELECT user_id, expires_at, used_at FROM member_invitations WHERE token_hash = ?').get(hashOf(token)) as InvitationRow | undefined;
}

/** What the invitation page shows before the person acts: whom it is for, or why it cannot be used. Reading it spends nothing. */
export function checkInvitation(ctx: Pick<Context, 'db' | 'now'>, token: string): InvitationState {
  const row = find(ctx, token);
  if (!row) return { ok: false, reason: 'unknown' };
  if (row.used_at !== null) return { ok: false, reason: 'used' };
  if (Number(row.expires_at) <= ctx.now()) return { ok: false, reason: 'expired' };
  const user = getUser(ctx.db, Number(row.user_id));
  const memberName = user.memberId === null ? '' : (getMember(ctx.db, user.memberId)?.name ?? '');
  return { ok: true, email: user.email, displayName: user.displayName, memberName };
}

/**
 * Uses the invitation: one conditional UPDATE spends it (of two uses at once, one wins), the
 * password is set, the person's other invitations and sessions end, and a session starts.
 */
export function acceptInvitation(
  ctx: Pick<Context, 'db' | 'now'>,
  { token, password, address }: { token: string; password: string; address: string },
): { ok: true; token: string; csrf: string; user: User } | { ok: false; reason: 'used' | 'expired' | 'unknown' | 'inactive' } {
  const state = checkInvitation(ctx, token);
  if (!state.ok) return state;
  const passwordHash = hashPassword(password);
  const now = ctx.now();
  return ctx.db.transaction(() => {
    const found = findForSignIn(ctx.db, state.email);
    if (!found || found.user.disabled || !found.admitted) return { ok: false as const, reason: 'inactive' as const };
    const spent = prepared(ctx.db, 'UPDATE member_invitations SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING user_id').pluck().get(now, hashOf(token), now) as
      number | undefined;
    if (spent === undefined) return { ok: false as const, reason: 'used' as const };
    setPasswordHash(ctx.db, found.user.id, passwordHash, now);
    prepared(ctx.db, 'DELETE FROM member_invitations WHERE user_id = ? AND used_at IS NULL').run(found.user.id);
    prepared(ctx.db, 'DELETE FROM user_sessions WHERE user_id = ?').run(found.user.id);
    deleteExpiredSessions(ctx.db, now);
    const session = startSession(ctx.db, found.user.id, now);
    audit({ db: ctx.db, now: () => now, actor: found.user.email }, 'member.invitationAccepted', address, {});
    return { ok: true as const, ...session, user: found.user };
  })();
}
