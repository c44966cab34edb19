/**
 * Users' rows. E-mails are compared lower-cased and trimmed (one address, one user). The hash
 * never leaves this module except to the sign-in check.
 */
import type { AnyRole } from '../../common/roles';
import type { Db } from '../db/connection';
import { AppError, fieldError } from '../commands/errors';
import { tr } from '../language';

export interface User {
  id: number;
  email: string;
  displayName: string;
  role: AnyRole;
  /** The member company a member's person belongs to; null for the head office's people. */
  memberId: number | null;
  disabled: boolean;
  createdAt: number;
}

interface UserRow {
  id: number;
  email: string;
  display_name: string;
  role: AnyRole;
  member_id: number | null;
  disabled_at: number | null;
  created_at: number;
  password_hash: string;
}

const COLUMNS = 'id, email, display_name, role, member_id, disabled_at, created_at, password_hash';

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

const toUser = (row: UserRow): User => ({
  id: Number(row.id),
  email: row.email,
  displayName: row.display_name,
  role: row.role,
  memberId: row.member_id === null ? null : Number(row.member_id),
  disabled: row.disabled_at !== null,
  createdAt: Number(row.created_at),
});

export function listUsers(db: Db): (User & { sessions: number })[] {
  const rows = db
    .prepare(
      `SELECT ${COLUMNS.split(', ')
        .map((c) => `u.${c}`)
        .join(', ')}, (SELECT count(*) FROM user_sessions s WHERE s.user_id = u.id) AS sessions FROM users u ORDER BY u.display_name, u.id`,
    )
    .all() as (UserRow & { sessions: number })[];
  return rows.map((row) => ({ ...toUser(row), sessions: Number(row.sessions) }));
}

export function getUser(db: Db, id: number): User {
  const row = db.prepare(`SELECT ${COLUMNS} FROM users WHERE id = ?`).get(id) as UserRow | undefined;
  if (!row) throw new AppError('not_found', tr(`No user #${id}.`, `Aucun utilisateur n°${id}.`));
  return toUser(row);
}

/**
 * The user and their hash for a sign-in, or null (unknown address). `admitted` is false for a
 * member's person whose member the head office archived or deactivated.
 */
export function findForSignIn(db: Db, email: string): { user: User; passwordHash: string; admitted: boolean } | null {
  const row = db
    .prepare(
      `SELECT ${COLUMNS}, (member_id IS NULL OR EXISTS (SELECT 1 FROM members m WHERE m.id = users.member_id AND m.active = 1 AND m.archived_at IS NULL)) AS admitted FROM users WHERE email = ?`,
    )
    .get(normaliseEmail(email)) as (UserRow & { admitted: number }) | undefined;
  return row ? { user: toUser(row), passwordHash: row.password_hash, admitted: Number(row.admitted) === 1 } : null;
}

export function insertUser(db: Db, user: { email: string; displayName: string; role: AnyRole; memberId?: number | null; passwordHash: string }, now: number): User {
  const email = normaliseEmail(user.email);
  if (db.prepare('SELECT 1 FROM users WHERE email = ?').get(email)) {
    throw fieldError('conflict', 'email', tr(`A user with the e-mail ${email} exists already`, `Un utilisateur a déjà l’adresse ${email}`));
  }
  const { id } = db
    .prepare('INSERT INTO users (email, display_name, role, member_id, password_hash, created_at, password_changed_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id')
    .get(email, user.displayName, user.role, user.memberId ?? null, user.passwordHash, now, now) as { id: number };
  return getUser(db, Number(id));
}

export function setDisabled(db: Db, id: number, disabledAt: number | null): void {
  db.prepare('UPDATE users SET disabled_at = ? WHERE id = ?').run(disabledAt, id);
}

export function setPasswordHash(db: Db, id: number, passwordHash: string, now: number): void {
  db.prepare('UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?').run(passwordHash, now, id);
}

/** Active administrators other than `exceptId`: the last one may not be disabled (nobody could sign in to manage users). */
export function otherActiveAdministrators(db: Db, exceptId: number): number {
  const row = db.prepare("SELECT count(*) AS n FROM users WHERE role = 'administrator' AND disabled_at IS NULL AND id <> ?").get(exceptId) as { n: number };
  return Number(row.n);
}

export function countUsers(db: Db): number {
  return Number((db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n);
}
