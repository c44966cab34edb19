/**
 * Server mode's guard: people sign in with their e-mail and password and get a session cookie
 * (HttpOnly, SameSite=Strict, Secure and __Host- prefixed under HTTPS) and a CSRF token the
 * renderer sends back in a header on every call. Paths of its own:
 *   POST /login  {email, password} -> the user, their CSRF token, the methods their role may call and their own language
 *   POST /logout (session and CSRF token)  ·  GET /me -> the same as /login, or 401
 *   POST /password {current, next} (session and CSRF token): the user's own new password
 *   POST /invitation/check, POST /invitation: a member's person's invitation link (host/invitations.ts)
 *   POST /answer/check, POST /answer: a mail's link to accept or decline a lead (host/answers.ts)
 *   POST /second-factor/start|confirm|off (session and CSRF token): the user's own TOTP (host/second-factor.ts)
 * With a second factor on, /login answers 401 with `secondFactor: true` to the right password
 * alone, and signs in when the same request carries the `code`. A member administrator without
 * one may call nothing but /second-factor/* until it is set up (/me says so).
 * An API call without a live session gets 401; with a wrong or missing CSRF token, or a
 * command its role may not call, 403, and the refusal goes to the audit log. A change that
 * goes through is written to the audit log in its own transaction, under the user's e-mail.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from '../core/commands/define';
import { audit } from '../core/privacy/audit';
import { accessOf, AUDITS_ITSELF, mayCall, methodsOf } from '../core/users/access';
import { isMemberRole } from '../common/roles';
import { csrfMatches, endSession, lookUpSession, type SignedIn } from '../core/users/sessions';
import { changeOwnPassword, signIn, signOut } from '../core/users/signin';
import { AppError } from '../core/commands/errors';
import type { User } from '../core/users/store';
import { isLanguage, tr, withLanguage } from '../core/language';
import { readBody, LANGUAGE_HEADER, type Guard, type Reply } from './server';
import { invitationRoute, isInvitationPath } from './invitations';
import { answerRoute, isAnswerPath } from './answers';
import { isSecondFactorPath, secondFactorRoute } from './second-factor';
import { mustEnrol, secondFactorState } from '../core/users/second-factor';
import { chosenLanguage } from '../core/settings/preferences';

export const CSRF_HEADER = 'x-aiguillage-csrf';

export interface AccountsOptions {
  /** The open database, null while it cannot be opened. */
  ctx: () => Context | null;
  /** HTTPS, directly or behind a proxy: the cookie is Secure and __Host- prefixed. */
  secure: boolean;
  /** Behind a reverse proxy the client's address is the last one it appended to X-Forwarded-For. */
  trustProxy?: boolean;
}

/** The most a sign-in body may hold: an e-mail and a password, not megabytes. */
const LOGIN_BYTES = 4096;

export function accountsGuard({ ctx, secure, trustProxy = false }: AccountsOptions): Guard {
  const cookieName = secure ? '__Host-aiguillage_session' : 'aiguillage_session';
  const cookie = (value: string, maxAge?: number) => `${cookieName}=${value}; Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}${maxAge === undefined ? '' : `; Max-Age=${maxAge}`}`;

  const tokenOf = (req: IncomingMessage): string | null => {
    for (const part of (req.headers.cookie ?? '').split(';')) {
      const [name, ...value] = part.trim().split('=');
      if (name === cookieName) return value.join('=');
    }
    return null;
  };

  const addressOf = (req: IncomingMessage): string => {
    const forwarded = trustProxy
      ? String(req.headers['x-forwarded-for'] ?? '')
          .split(',')
          .pop()
          ?.trim()
      : '';
    return (forwarded || req.socket.remoteAddress || 'unknown').slice(0, 64);
  };

  const sessionOf = (db: Context, req: IncomingMessage): SignedIn | null => {
    const token = tokenOf(req);
    return token ? lookUpSession(db.db, token, db.now()) : null;
  };

  const refuse = (db: Context, user: User, address: string, details: object) => audit({ ...db, actor: user.email }, 'access.refused', address, details);

  const whoAmI = (db: Context, user: User, csrf: string) => ({
    ok: true,
    value: { user, csrf, methods: methodsOf(user.role), secondFactor: secondFactorState(db.db, user), language: chosenLanguage(db.db, user.id) },
  });

  return {
    check(req, method) {
      const db = ctx();
      if (!db) return { ok: false, status: 503, message: 'The database is not open.' };
      const session = sessionOf(db, req);
      if (!session) {
        // The extranet faces the internet: an anonymous call to it is a refusal worth recording (ASVS 16.3.2).
        if (accessOf(method)?.member) audit({ ...db, actor: 'anonymous' }, 'access.refused', addressOf(req), { reason: 'no session', method });
        return { ok: false, status: 401, message: 'Sign in first.' };
      }
      const { user } = session;
      if (!csrfMatches(session, req.headers[CSRF_HEADER])) {
        refuse(db, user, addressOf(req), { reason: 'csrf', method: method.slice(0, 80) });
        return { ok: false, status: 403, message: 'Missing or wrong CSRF token.' };
      }
      // A member administrator sets up their second factor before anything else (ASVS 6.3.3).
      if (mustEnrol(db.db, user)) return { ok: false, status: 403, message: 'Set up two-step verification first.' };
      const access = accessOf(method);
      if (access && !mayCall(user.role, method)) {
        refuse(db, user, addressOf(req), { reason: 'role', method, role: user.role });
        return { ok: false, status: 403, message: `The role ${user.role} may not call ${method}.` };
      }
      const recorded = access?.changes && !AUDITS_ITSELF.has(method);
      // A member's person acts for their member, taken from the session: the commands never read it from the request.
      const member = user.memberId !== null && isMemberRole(user.role) ? { userId: user.id, memberId: user.memberId, role: user.role } : undefined;
      return {
        ok: true,
        options: (input) => ({ actor: user.email, userId: user.id, member, onSuccess: recorded ? (c) => audit(c, 'command', method, idsOf(input)) : undefined }),
        // A member command refused on a lead (not theirs, or no such lead): the transaction rolled back, the refusal is written here.
        after: member
          ? (input, result) => {
              if (!result.ok && result.error.code === 'forbidden') refuse(db, user, addressOf(req), { reason: 'not theirs', method, ...idsOf(input), memberId: member.memberId });
            }
          : undefined,
      };
    },

    async route(req, res, pathname, reply) {
      const route = `${req.method} ${pathname}`;
      const invitation = isInvitationPath(req, pathname);
      const answer = isAnswerPath(req, pathname);
      const secondFactor = isSecondFactorPath(req, pathname);
      if (!invitation && !answer && !secondFactor && route !== 'POST /login' && route !== 'POST /logout' && route !== 'POST /password' && route !== 'GET /me') return false;
      const db = ctx();
      if (!db) return (reply(res, 503, { ok: false, error: { code: 'db_corrupt', message: 'The database is not open.' } }), true);
      const language = isLanguage(req.headers[LANGUAGE_HEADER]) ? (req.headers[LANGUAGE_HEADER] as 'fr' | 'en') : 'en';
      const message = (en: string, fr: string) => withLanguage(language, () => tr(en, fr));
      if (answer) return (answerRoute(res, pathname, { db, body: await readJson(req), address: addressOf(req), message }, reply), true);
      if (invitation) {
        // Whatever session this browser had ends: using the link starts a new one.
        const previous = tokenOf(req);
        if (previous && pathname === '/invitation') endSession(db.db, previous);
        invitationRoute(res, pathname, { db, body: await readJson(req), address: addressOf(req), message, cookie }, reply);
        return true;
      }
      const session = sessionOf(db, req);
      if (route === 'GET /me') {
        if (!session) reply(res, 401, { ok: false, error: { code: 'forbidden', message: message('Sign in first.', 'Connectez-vous d’abord.') } });
        else reply(res, 200, whoAmI(db, session.user, session.csrf));
        return true;
      }
      if (route === 'POST /logout' || route === 'POST /password' || secondFactor) {
        const token = tokenOf(req);
        if (!session || !token) return (reply(res, 401, { ok: false, error: { code: 'forbidden', message: message('Sign in first.', 'Connectez-vous d’abord.') } }), true);
        if (!csrfMatches(session, req.headers[CSRF_HEADER])) return (reply(res, 403, { ok: false, error: { code: 'forbidden', message: 'Missing or wrong CSRF token.' } }), true);
        if (route === 'POST /password') return (await changePassword(req, res, { db, user: session.user, token, address: addressOf(req) }, message, reply), true);
        if (secondFactor) return (secondFactorRoute(res, pathname, { db, user: session.user, address: addressOf(req), body: await readJson(req), message }, reply), true);
        signOut(db, token, session.user, addressOf(req));
        reply(res, 200, { ok: true, value: null }, { 'set-cookie': cookie('', 0) });
        return true;
      }
      const credentials = await readCredentials(req);
      if (!credentials)
        return (reply(res, 400, { ok: false, error: { code: 'invalid_input', message: message('Send an e-mail and a password.', 'Envoyez une adresse e-mail et un mot de passe.') } }), true);
      // Whatever session this browser had ends: the sign-in starts a new one with a new token.
      const previous = tokenOf(req);
      if (previous) endSession(db.db, previous);
      const result = await signIn(db, { ...credentials, address: addressOf(req) });
      if (result.ok) {
        reply(res, 200, whoAmI(db, result.user, result.csrf), { 'set-cookie': cookie(result.token) });
      } else if (result.reason === 'throttled') {
        const seconds = Math.ceil(result.retryAfterMs / 1000);
        reply(
          res,
          429,
          { ok: false, error: { code: 'forbidden', message: message(`Too many failed sign-ins: try again in ${seconds} s.`, `Trop d’échecs de connexion : réessayez dans ${seconds} s.`) } },
          { 'retry-after': String(seconds) },
        );
      } else if (result.reason === 'code needed') {
        reply(res, 401, {
          ok: false,
          secondFactor: true,
          error: { code: 'forbidden', message: message('Type the code your authenticator app shows.', 'Saisissez le code affiché par votre application d’authentification.') },
        });
      } else if (result.reason === 'code refused') {
        reply(res, 401, { ok: false, secondFactor: true, error: { code: 'forbidden', message: message('This code is wrong or was used already.', 'Ce code est erroné ou a déjà servi.') } });
      } else {
        reply(res, 401, { ok: false, error: { code: 'forbidden', message: message('Wrong e-mail or password.', 'Adresse e-mail ou mot de passe incorrect.') } });
      }
      return true;
    },
  };
}

interface Caller {
  db: Context;
  user: User;
  token: string;
  address: string;
}

async function changePassword(req: IncomingMessage, res: ServerResponse, { db, user, token, address }: Caller, message: (en: string, fr: string) => string, reply: Reply): Promise<void> {
  const body = await readJson(req);
  const { current, next } = (body ?? {}) as { current?: unknown; next?: unknown };
  if (typeof current !== 'string' || typeof next !== 'string' || current.length > 200) {
    return reply(res, 400, { ok: false, error: { code: 'invalid_input', message: message('Send the current and the new password.', 'Envoyez le mot de passe actuel et le nouveau.') } });
  }
  try {
    const outcome = await changeOwnPassword(db, { user, token, current, next, address });
    if (outcome === 'changed') return reply(res, 200, { ok: true, value: null });
    const wrong = message('The current password is wrong.', 'Le mot de passe actuel est erroné.');
    const wait = message('Too many failed attempts: try again in a moment.', 'Trop de tentatives échouées : réessayez dans un instant.');
    reply(res, outcome === 'throttled' ? 429 : 401, {
      ok: false,
      error: { code: 'forbidden', message: outcome === 'throttled' ? wait : wrong, issues: [{ path: ['current'], message: outcome === 'throttled' ? wait : wrong }] },
    });
  } catch (error) {
    // The new password's length is checked where it is hashed; its message names the rule.
    if (!(error instanceof AppError)) throw error;
    reply(res, 400, { ok: false, error: { ...error.toData(), issues: [{ path: ['next'], message: error.message }] } });
  }
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return null;
  try {
    return JSON.parse((await readBody(req, LOGIN_BYTES, LOGIN_BYTES * 4)) ?? '');
  } catch {
    return null;
  }
}

async function readCredentials(req: IncomingMessage): Promise<{ email: string; password: string; code?: string } | null> {
  const { email, password, code } = ((await readJson(req)) ?? {}) as { email?: unknown; password?: unknown; code?: unknown };
  if (code !== undefined && (typeof code !== 'string' || code.length > 20)) return null;
  return typeof email === 'string' && typeof password === 'string' && email.length <= 254 && password.length <= 200 ? { email, password, code } : null;
}

/** What the audit entry of a change names: the ids in its input (a lead, a member, a territory...), never free text. */
export function idsOf(input: unknown): Record<string, number | number[]> {
  const ids: Record<string, number | number[]> = {};
  if (typeof input !== 'object' || input === null) return ids;
  for (const [key, value] of Object.entries(input)) {
    if (!/^(id|[a-z]+Id)s?$/.test(key)) continue;
    if (typeof value === 'number') ids[key] = value;
    else if (Array.isArray(value) && value.every((v) => typeof v === 'number')) ids[key] = value.slice(0, 20);
  }
  return ids;
}
