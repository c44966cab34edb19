/**
 * The invitation link's two requests (core/extranet/invitations.ts), answered by the accounts
 * guard without a session:
 *   POST /invitation/check {token} -> whom it is for, or why it cannot be used (spends nothing:
 *        the page a mail scanner opens calls only this)
 *   POST /invitation {token, password} -> the password set, the invitation spent, signed in
 * A token that names no invitation counts as a failed attempt for the client's address, so
 * guessing links is slowed as password guessing is (core/users/throttle.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from '../core/commands/define';
import { AppError } from '../core/commands/errors';
import { acceptInvitation, checkInvitation } from '../core/extranet/invitations';
import { recordFailure, retryAfter } from '../core/users/throttle';
import { methodsOf } from '../core/users/access';
import type { Reply } from './server';

export interface InvitationCall {
  db: Context;
  body: unknown;
  address: string;
  message: (en: string, fr: string) => string;
  /** The session cookie for a new token. */
  cookie: (token: string) => string;
}

export function invitationRoute(res: ServerResponse, pathname: string, { db, body, address, message, cookie }: InvitationCall, reply: Reply): void {
  const { token, password } = (body ?? {}) as { token?: unknown; password?: unknown };
  const key = `invitation:${address}`;
  const wait = retryAfter(db.db, key, address, db.now());
  if (wait > 0) {
    const seconds = Math.ceil(wait / 1000);
    return reply(res, 429, { ok: false, error: { code: 'forbidden', message: message(`Too many attempts: try again in ${seconds} s.`, `Trop de tentatives : réessayez dans ${seconds} s.`) } });
  }
  if (typeof token !== 'string' || (pathname === '/invitation' && typeof password !== 'string')) {
    return reply(res, 400, { ok: false, error: { code: 'invalid_input', message: message('Send the link’s token.', 'Envoyez le jeton du lien.') } });
  }
  const state = checkInvitation(db, token);
  if (!state.ok) {
    if (state.reason === 'unknown') recordFailure(db.db, key, address, db.now());
    return reply(res, 410, { ok: false, error: { code: 'forbidden', message: refusal(state.reason, message), reason: state.reason } });
  }
  if (pathname === '/invitation/check') return reply(res, 200, { ok: true, value: state });
  try {
    const result = acceptInvitation(db, { token, password: password as string, address });
    if (!result.ok) return reply(res, 410, { ok: false, error: { code: 'forbidden', message: refusal(result.reason, message), reason: result.reason } });
    reply(res, 200, { ok: true, value: { user: result.user, csrf: result.csrf, methods: methodsOf(result.user.role) } }, { 'set-cookie': cookie(result.token) });
  } catch (error) {
    // The password's length is checked where it is hashed; its message names the rule.
    if (!(error instanceof AppError)) throw error;
    reply(res, 400, { ok: false, error: { ...error.toData(), issues: [{ path: ['password'], message: error.message }] } });
  }
}

function refusal(reason: 'used' | 'expired' | 'unknown' | 'inactive', message: InvitationCall['message']): string {
  if (reason === 'used') return message('This link has been used already: sign in with your password.', 'Ce lien a déjà servi : connectez-vous avec votre mot de passe.');
  if (reason === 'expired') return message('This link has expired: ask the head office for a new one.', 'Ce lien a expiré : demandez-en un nouveau à la tête de réseau.');
  if (reason === 'inactive') return message('This account is not active: ask the head office.', 'Ce compte n’est pas actif : adressez-vous à la tête de réseau.');
  return message('This link is not valid.', 'Ce lien n’est pas valide.');
}

export const isInvitationPath = (req: IncomingMessage, pathname: string) => req.method === 'POST' && (pathname === '/invitation' || pathname === '/invitation/check');
