/**
 * Signing in and out, for the server host. A sign-in is refused the same way for an unknown
 * address, a wrong password and a disabled user (no telling which accounts exist), and takes
 * as long for each (an unknown address is checked against a decoy hash). Every attempt goes
 * to the audit log with the client's address; waits imposed by the throttle too.
 */
import type { Context } from '../commands/define';
import { audit } from '../privacy/audit';
import { decoyHash, hashPassword, verifyPassword } from './passwords';
import { deleteExpiredSessions, endSession, sessionHash, startSession } from './sessions';
import { findForSignIn, normaliseEmail, setPasswordHash, type User } from './store';
import { recordFailure, recordSuccess, retryAfter } from './throttle';
import { secondFactorEnabled, takeCode } from './second-factor';

export type SignInResult =
  | { ok: true; token: string; csrf: string; user: User }
  | { ok: false; reason: 'refused' }
  | { ok: false; reason: 'throttled'; retryAfterMs: number }
  /** The password is right and the account has a second factor: ask for its code (no session yet). */
  | { ok: false; reason: 'code needed' }
  | { ok: false; reason: 'code refused' };

type Ctx = Pick<Context, 'db' | 'now' | 'dbPath' | 'secrets'>;

/** What the log keeps of the address typed: enough to recognise it, never a long pasted text. */
const typed = (email: string) => normaliseEmail(email).slice(0, 254);

/**
 * With a second factor on (second-factor.ts), the right password alone starts no session: the
 * answer asks for the code, and the same request again with `code` signs in. A wrong or replayed
 * code is a failed sign-in for the throttle and the log.
 */
export async function signIn(ctx: Ctx, { email, password, address, code }: { email: string; password: string; address: string; code?: string }): Promise<SignInResult> {
  const who = typed(email);
  const wait = retryAfter(ctx.db, who, address, ctx.now());
  if (wait > 0) {
    audit({ ...ctx, actor: who }, 'auth.signinFailed', address, { reason: 'throttled', retryAfterMs: wait });
    return { ok: false, reason: 'throttled', retryAfterMs: wait };
  }
  const found = findForSignIn(ctx.db, who);
  const matches = await verifyPassword(password, found?.passwordHash ?? decoyHash());
  // The clock is read again: the hash took a noticeable time, and sessions start from now.
  const now = ctx.now();
  const reason = !found ? 'unknown' : !matches ? 'password' : found.user.disabled ? 'disabled' : !found.admitted ? 'member inactive' : null;
  return ctx.db.transaction((): SignInResult => {
    if (reason || !found) {
      recordFailure(ctx.db, who, address, now);
      audit({ db: ctx.db, now: () => now, actor: who }, 'auth.signinFailed', address, { reason });
      return { ok: false, reason: 'refused' };
    }
    if (secondFactorEnabled(ctx.db, found.user.id)) {
      if (!code) return { ok: false, reason: 'code needed' };
      if (!takeCode({ ...ctx, now: () => now }, found.user.id, code)) {
        recordFailure(ctx.db, who, address, now);
        audit({ db: ctx.db, now: () => now, actor: who }, 'auth.signinFailed', address, { reason: 'code' });
        return { ok: false, reason: 'code refused' };
      }
    }
    recordSuccess(ctx.db, who, now);
    deleteExpiredSessions(ctx.db, now);
    const session = startSession(ctx.db, found.user.id, now);
    audit({ db: ctx.db, now: () => now, actor: found.user.email }, 'auth.signin', address, {});
    return { ok: true, ...session, user: found.user };
  })();
}

export function signOut(ctx: Ctx, token: string, user: User, address: string): void {
  ctx.db.transaction(() => {
    endSession(ctx.db, token);
    audit({ ...ctx, actor: user.email }, 'auth.signout', address, {});
  })();
}

/**
 * A signed-in user changes their own password (the one-time password an administrator handed
 * over, first of all): the current one is asked again, and every other session of theirs ends
 * (one opened with the old password elsewhere does not survive the change). A wrong current
 * password counts as a failed sign-in for the throttle.
 */
export async function changeOwnPassword(
  ctx: Ctx,
  { user, token, current, next, address }: { user: User; token: string; current: string; next: string; address: string },
): Promise<'changed' | 'refused' | 'throttled'> {
  if (retryAfter(ctx.db, user.email, address, ctx.now()) > 0) return 'throttled';
  const found = findForSignIn(ctx.db, user.email);
  if (!found || !(await verifyPassword(current, found.passwordHash))) {
    recordFailure(ctx.db, user.email, address, ctx.now());
    audit({ ...ctx, actor: user.email }, 'auth.signinFailed', address, { reason: 'password', while: 'password change' });
    return 'refused';
  }
  const passwordHash = hashPassword(next);
  const now = ctx.now();
  ctx.db.transaction(() => {
    setPasswordHash(ctx.db, user.id, passwordHash, now);
    const kept = sessionHash(token);
    ctx.db.prepare('DELETE FROM user_sessions WHERE user_id = ? AND token_hash <> ?').run(user.id, kept);
    audit({ db: ctx.db, now: () => now, actor: user.email }, 'auth.passwordChanged', address, {});
  })();
  return 'changed';
}
