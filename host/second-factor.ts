/**
 * A signed-in person's own second factor (core/users/second-factor.ts), answered by the accounts
 * guard with the session and its CSRF token, like a password change:
 *   POST /second-factor/start   -> {secret, uri}: a new secret to type or scan, given this once
 *   POST /second-factor/confirm {code} -> on: the first right code from the app
 *   POST /second-factor/off     {code} -> off (not for a member administrator, who must keep one)
 * A wrong code is a failed sign-in for the throttle (429 once it waits) and the audit log.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from '../core/commands/define';
import { AppError } from '../core/commands/errors';
import { confirmEnrolment, startEnrolment, turnOff } from '../core/users/second-factor';
import type { User } from '../core/users/store';
import type { Reply } from './server';

const PATHS = ['/second-factor/start', '/second-factor/confirm', '/second-factor/off'];

export const isSecondFactorPath = (req: IncomingMessage, pathname: string) => req.method === 'POST' && PATHS.includes(pathname);

export interface SecondFactorCall {
  db: Context;
  user: User;
  address: string;
  body: unknown;
  message: (en: string, fr: string) => string;
}

export function secondFactorRoute(res: ServerResponse, pathname: string, { db, user, address, body, message }: SecondFactorCall, reply: Reply): void {
  const fail = (status: number, text: string) => reply(res, status, { ok: false, error: { code: 'forbidden', message: text, issues: [{ path: ['code'], message: text }] } });
  try {
    if (pathname === '/second-factor/start') return reply(res, 200, { ok: true, value: db.db.transaction(() => startEnrolment(db, user))() });
    const { code } = (body ?? {}) as { code?: unknown };
    if (typeof code !== 'string' || code.length > 20) return fail(400, message('Type the 6-digit code your app shows.', 'Saisissez le code à 6 chiffres affiché par votre application.'));
    const outcome = pathname === '/second-factor/confirm' ? confirmEnrolment(db, user, code, address) : turnOff(db, user, code, address);
    if (outcome === 'done') return reply(res, 200, { ok: true, value: null });
    if (outcome === 'required') return fail(403, message('A member administrator keeps two-step verification on.', 'Un administrateur de membre garde la validation en deux étapes.'));
    if (outcome === 'throttled') return fail(429, message('Too many failed attempts: try again in a moment.', 'Trop de tentatives échouées : réessayez dans un instant.'));
    fail(401, message('This code is wrong or was used already: type the current one.', 'Ce code est erroné ou a déjà servi : saisissez le code actuel.'));
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    reply(res, 409, { ok: false, error: error.toData() });
  }
}
