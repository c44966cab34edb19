/**
 * Users' rows. E-mails are compared lower-cased and trimmed (one address, one user). The hash
 * never leaves this module except to the sign-in check.
 */
import type { Role } from '../../common/roles';
import type { Db } from '../db/connection';
import { AppError, fieldError } from '../commands/errors';
import { tr } from '../language';

export interface User {
  id: number;
  email: string;
  displayName: string;
  role: Role;
  disabled: boolean;
  createdAt: number;
}

interface UserRow {
  id: number;
  email: string;
  display_name: string;
  role: Role;
  disabled_at: number | null;
  created_at: number;
  password_hash: string;
}

const COLUMNS = 'id, email, display_name, role, disabled_at, created_at, password_hash';

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

const toUser = (row: UserRow): User => ({ id: row.id, email: row.email, displayName: row.display_name, role: row.role, disabled: row.disabled_at !== null, createdAt: row.created_at });

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

/** The user and their hash for a sign-in, or null (unknown address). */
export function findForSignIn(db: Db, email: string): { user: User; passwordHash: string } | null {
  const row = db.prepare(`SELECT ${COLUMNS} FROM users WHERE email = ?`).get(normaliseEmail(email)) as UserRow | undefined;
  return row ? { user: toUser(row), passwordHash: row.password_hash } : null;
}

export function insertUser(db: Db, user: { email: string; displayName: string; role: Role; passwordHash: string }, now: number): User {
  const email = normaliseEmail(user.email);
  if (db.prepare('SELECT 1 FROM users WHERE email = ?').get(email)) {
    throw fieldError('conflict', 'email', tr(`A user with the e-mail ${email} exists already`, `Un utilisateur a déjà l’adresse ${email}`));
  }
  const { id } = db
    .prepare('INSERT INTO users (email, display_name, role, password_hash, created_at, password_changed_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id')
    .get(email, user.displayName, user.role, user.passwordHash, now, now) as { id: number };
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
