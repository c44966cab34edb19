/**
 * A second factor at sign-in (OWASP ASVS 6.3.3; issue 18): time-based one-time codes (TOTP,
 * RFC 6238: 6 digits, 30-second steps, SHA-1, what every authenticator app reads), computed by the
 * `otpauth` library. Optional for a member's salesperson, required of a member administrator, who
 * sees all of the company's leads and people: signed in without one, they can do nothing but set
 * it up (host/accounts.ts refuses every call until then).
 *
 * Enrolment: a new random secret (160 bits) is sealed by the server's secret box (never stored in
 * clear) and shown once, as text and as an otpauth:// URI; the first right code from the app
 * confirms it, and from then on the secret never leaves the server. A code is accepted in its step
 * or the one either side (clocks drift), once: the step of the last code taken is kept, and a code
 * of that step or an earlier one is refused, by one conditional UPDATE (so two sign-ins racing
 * with one code cannot both pass, in any number of server processes). Wrong codes count as failed
 * sign-ins for the throttle (core/users/throttle.ts), so guessing is slowed as password guessing
 * is. The head office resets a lost factor (members.resetSecondFactor, audited); the person then
 * sets up a new one at their next sign-in.
 */
import { Secret, TOTP } from 'otpauth';
import type { AnyRole } from '../../common/roles';
import type { Context } from '../commands/define';
import { AppError } from '../commands/errors';
import type { Db } from '../db/connection';
import { tr } from '../language';
import { audit } from '../privacy/audit';
import { boxOf } from '../settings/secrets';
import { recordFailure, retryAfter } from './throttle';
import type { User } from './store';

const ISSUER = 'Aiguillage';
const PERIOD = 30;
/** Steps accepted either side of the server's: a phone's clock a little off still signs in. */
const WINDOW = 1;
const SECRET_BYTES = 20;

type Ctx = Pick<Context, 'db' | 'now' | 'dbPath' | 'secrets'>;

export interface SecondFactorState {
  enabled: boolean;
  required: boolean;
}

/** Whose accounts must have a second factor: those who see all of a member's leads and people. */
export const secondFactorRequired = (role: AnyRole): boolean => role === 'member_admin';

interface Row {
  secret_sealed: string;
  box: string;
  confirmed_at: number | null;
}

const rowOf = (db: Db, userId: number) => db.prepare('SELECT secret_sealed, box, confirmed_at FROM user_second_factors WHERE user_id = ?').get(userId) as Row | undefined;

export function secondFactorEnabled(db: Db, userId: number): boolean {
  return db.prepare('SELECT 1 FROM user_second_factors WHERE user_id = ? AND confirmed_at IS NOT NULL').pluck().get(userId) !== undefined;
}

export function secondFactorState(db: Db, user: Pick<User, 'id' | 'role'>): SecondFactorState {
  return { enabled: secondFactorEnabled(db, user.id), required: secondFactorRequired(user.role) };
}

/** True when this person must set up their second factor before anything else (no query for the roles that need none). */
export function mustEnrol(db: Db, user: Pick<User, 'id' | 'role'>): boolean {
  return secondFactorRequired(user.role) && !secondFactorEnabled(db, user.id);
}

const totp = (secret: Secret, label: string) => new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: PERIOD, secret });

function secretOf(ctx: Ctx, row: Row): Secret {
  const box = boxOf(ctx);
  try {
    if (row.box !== box.kind) throw new Error('another box');
    return Secret.fromBase32(box.open(row.secret_sealed));
  } catch {
    // The key file was lost or replaced: nobody can check this person's codes any more.
    throw new AppError(
      'conflict',
      tr(
        'Your two-step verification cannot be read on this server: ask the head office to reset it.',
        'Votre validation en deux étapes ne peut pas être lue sur ce serveur : demandez à la tête de réseau de la réinitialiser.',
      ),
    );
  }
}

/** The step a right code belongs to, or null: six digits (spaces ignored) valid within the window. */
function stepOf(secret: Secret, code: string, now: number): number | null {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totp(secret, '').validate({ token, timestamp: now, window: WINDOW });
  return delta === null ? null : Math.floor(now / 1000 / PERIOD) + delta;
}

/** Takes the step if no code of it or a later one was taken before: true when this call took it. */
function take(db: Db, userId: number, step: number): boolean {
  return db.prepare('UPDATE user_second_factors SET last_step = ? WHERE user_id = ? AND (last_step IS NULL OR last_step < ?)').run(step, userId, step).changes === 1;
}

/**
 * A code at sign-in, for a person whose factor is on: true when it is right and not used before
 * (it is then spent). Call inside the sign-in's transaction.
 */
export function takeCode(ctx: Ctx, userId: number, code: string): boolean {
  const row = rowOf(ctx.db, userId);
  if (!row || row.confirmed_at === null) return false;
  const step = stepOf(secretOf(ctx, row), code, ctx.now());
  return step !== null && take(ctx.db, userId, step);
}

/** Starts (or starts again) an enrolment: the new secret, sealed, and what the person types or scans, given this once. */
export function startEnrolment(ctx: Ctx, user: User): { secret: string; uri: string } {
  if (secondFactorEnabled(ctx.db, user.id)) {
    throw new AppError('conflict', tr('Two-step verification is on already.', 'La validation en deux étapes est déjà activée.'));
  }
  const secret = new Secret({ size: SECRET_BYTES });
  const box = boxOf(ctx);
  ctx.db
    .prepare(
      `INSERT INTO user_second_factors (user_id, secret_sealed, box, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (user_id) DO UPDATE SET secret_sealed = excluded.secret_sealed, box = excluded.box, created_at = excluded.created_at, confirmed_at = NULL, last_step = NULL`,
    )
    .run(user.id, box.seal(secret.base32), box.kind, ctx.now());
  return { secret: secret.base32, uri: totp(secret, user.email).toString() };
}

export type CodeOutcome = 'done' | 'wrong' | 'throttled';

/** A code typed by a signed-in person (to confirm enrolment or turn the factor off): throttled and counted as sign-ins are. */
function checkTyped(ctx: Ctx, user: User, code: string, address: string, pending: boolean): CodeOutcome {
  if (retryAfter(ctx.db, user.email, address, ctx.now()) > 0) return 'throttled';
  const row = rowOf(ctx.db, user.id);
  const step = row && (row.confirmed_at === null) === pending ? stepOf(secretOf(ctx, row), code, ctx.now()) : null;
  if (step !== null && take(ctx.db, user.id, step)) return 'done';
  recordFailure(ctx.db, user.email, address, ctx.now());
  audit({ ...ctx, actor: user.email }, 'auth.signinFailed', address, { reason: 'code', while: pending ? 'second factor set-up' : 'second factor turned off' });
  return 'wrong';
}

/** The first right code from the person's app turns the factor on. */
export function confirmEnrolment(ctx: Ctx, user: User, code: string, address: string): CodeOutcome {
  return ctx.db.transaction(() => {
    const outcome = checkTyped(ctx, user, code, address, true);
    if (outcome !== 'done') return outcome;
    ctx.db.prepare('UPDATE user_second_factors SET confirmed_at = ? WHERE user_id = ?').run(ctx.now(), user.id);
    audit({ ...ctx, actor: user.email }, 'auth.secondFactorOn', address, {});
    return outcome;
  })();
}

/** A person whose role does not require it turns their factor off, with a current code. */
export function turnOff(ctx: Ctx, user: User, code: string, address: string): CodeOutcome | 'required' {
  if (secondFactorRequired(user.role)) return 'required';
  return ctx.db.transaction(() => {
    const outcome = checkTyped(ctx, user, code, address, false);
    if (outcome !== 'done') return outcome;
    ctx.db.prepare('DELETE FROM user_second_factors WHERE user_id = ?').run(user.id);
    audit({ ...ctx, actor: user.email }, 'auth.secondFactorOff', address, {});
    return outcome;
  })();
}

/** The head office's reset of a lost factor (members.resetSecondFactor): gives whether there was one. */
export function removeSecondFactor(db: Db, userId: number): boolean {
  return db.prepare('DELETE FROM user_second_factors WHERE user_id = ?').run(userId).changes === 1;
}
