/**
 * Server-side sessions (OWASP ASVS 7.2-7.4). A token is 256 random bits; the database keeps
 * only its SHA-256, so neither a copy of the database nor a backup opens a session. Each
 * sign-in makes a new token (a token set in the browser before sign-in is never promoted), a
 * session ends after IDLE_MS without a call or ABSOLUTE_MS after its sign-in, whichever comes
 * first, and every session of a user ends when they are disabled or their password is reset.
 * Each session has its own CSRF token, sent back by the renderer in a header on every call.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/connection';
import type { User } from './store';
import type { AnyRole } from '../../common/roles';

/** An hour without a call ends a session; a working day (12 h) after sign-in it ends anyway. */
export const IDLE_MS = 60 * 60_000;
export const ABSOLUTE_MS = 12 * 60 * 60_000;
/** last_seen_at is rewritten at most once a minute, not on every call. */
const TOUCH_MS = 60_000;

export interface SignedIn {
  user: User;
  csrf: string;
}

/** What the database keeps of a token. */
export const sessionHash = (token: string) => createHash('sha256').update(token).digest('hex');

/** Starts a session; returns the token for the cookie (never stored) and its CSRF token. */
export function startSession(db: Db, userId: number, now: number): { token: string; csrf: string } {
  const token = randomBytes(32).toString('base64url');
  const csrf = randomBytes(32).toString('base64url');
  db.prepare('INSERT INTO user_sessions (token_hash, user_id, csrf_token, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)').run(sessionHash(token), userId, csrf, now, now);
  return { token, csrf };
}

interface SessionRow {
  token_hash: string;
  csrf_token: string;
  created_at: number;
  last_seen_at: number;
  id: number;
  email: string;
  display_name: string;
  role: AnyRole;
  member_id: number | null;
  user_created_at: number;
}

/**
 * The user behind a token, or null when the token is unknown, expired or its user disabled, or
 * when the user is a member's person and the head office archived or deactivated that member
 * (every session of its people ends at that instant, whatever path changed the member).
 * An expired session is deleted as it is found.
 */
export function lookUpSession(db: Db, token: string, now: number): SignedIn | null {
  if (!token || token.length > 100) return null;
  const hash = sessionHash(token);
  const row = db
    .prepare(
      `SELECT s.token_hash, s.csrf_token, s.created_at, s.last_seen_at, u.id, u.email, u.display_name, u.role, u.member_id, u.created_at AS user_created_at
       FROM user_sessions s JOIN users u ON u.id = s.user_id LEFT JOIN members m ON m.id = u.member_id
       WHERE s.token_hash = ? AND u.disabled_at IS NULL AND (u.member_id IS NULL OR (m.active = 1 AND m.archived_at IS NULL))`,
    )
    .get(hash) as SessionRow | undefined;
  if (!row) return null;
  if (now - Number(row.last_seen_at) >= IDLE_MS || now - Number(row.created_at) >= ABSOLUTE_MS) {
    db.prepare('DELETE FROM user_sessions WHERE token_hash = ?').run(hash);
    return null;
  }
  if (now - Number(row.last_seen_at) >= TOUCH_MS) db.prepare('UPDATE user_sessions SET last_seen_at = ? WHERE token_hash = ?').run(now, hash);
  return {
    user: {
      id: Number(row.id),
      email: row.email,
      displayName: row.display_name,
      role: row.role,
      memberId: row.member_id === null ? null : Number(row.member_id),
      disabled: false,
      createdAt: Number(row.user_created_at),
    },
    csrf: row.csrf_token,
  };
}

/** True when the CSRF token the call carries is its session's. Constant-time. */
export function csrfMatches(session: SignedIn, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(session.csrf);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function endSession(db: Db, token: string): void {
  db.prepare('DELETE FROM user_sessions WHERE token_hash = ?').run(sessionHash(token));
}

/** Ends every session of a user; returns how many there were. */
export function endSessionsOf(db: Db, userId: number): number {
  return db.prepare('DELETE FROM user_sessions WHERE user_id = ?').run(userId).changes;
}

/** Ends every session of a member company's people (the member archived or deactivated); returns how many. */
export function endMemberSessions(db: Db, memberId: number): number {
  return db.prepare('DELETE FROM user_sessions WHERE user_id IN (SELECT id FROM users WHERE member_id = ?)').run(memberId).changes;
}

/** Deletes sessions past either timeout (run at each sign-in, so the table stays small). */
export function deleteExpiredSessions(db: Db, now: number): void {
  db.prepare('DELETE FROM user_sessions WHERE last_seen_at <= ? OR created_at <= ?').run(now - IDLE_MS, now - ABSOLUTE_MS);
}
