/**
 * The extranet's access matrix (issue 18), for the application's checks (extranet.test.ts) and
 * for PostgreSQL's row-level security alone (row-security.test.ts): a network of two members
 * with their people and leads, and the matrix itself, generated from the command table: every
 * command a member's people may call (core/users/access.ts) is called with one input naming a
 * lead and a person that are not the caller's; a command naming a lead must be refused, any
 * other must hold none of the victim's leads and people. A new member command is in the matrix
 * by being in the table; one whose input needs more than matrixInput gives fails here (invalid
 * input) until matrixInput gives it.
 */
import { expect } from 'vitest';
import { z } from 'zod';
import type { MemberRole } from '../../common/roles';
import type { Context } from '../commands/define';
import type { Result } from '../commands/errors';
import { setup } from '../test-network';
import { caller } from '../test-support';
import { hashPassword } from '../users/passwords';
import { insertUser } from '../users/store';
import { commands, type Method } from '../commands/table';
import type { Db } from '../db/connection';
import { accessOf } from '../users/access';

const FAST = { logN: 10, r: 8, p: 1 };

export function network() {
  const base = setup();
  const a = base.member('Alpha');
  const b = base.member('Bravo');
  base.territory(a.id);
  base.territory(b.id);
  const person = (memberId: number, role: MemberRole, name: string) => {
    const user = insertUser(base.ctx.db, { email: `${name}@example.fr`, displayName: name, role, memberId, passwordHash: hashPassword('a long password', FAST) }, base.ctx.now());
    const ctx: Context = { ...base.ctx, actor: user.email, member: { userId: user.id, memberId, role } };
    return { user, ctx, ...caller(ctx) };
  };
  // Each lead another person's: a duplicate would be flagged, which is not what these tests are about.
  const people = ['Durand', 'Martin', 'Bernard', 'Petit', 'Robert', 'Richard', 'Moreau'];
  const newLead = () => {
    const n = people.length;
    return base.lead({ lastName: people.shift(), phone: `06 12 34 56 7${n}` });
  };
  /** A lead dispatched by the head office to this member. */
  const dispatched = (memberId: number) => {
    const { id } = newLead();
    base.call('routing.dispatch', { leadId: id, memberId, reason: 'test' });
    return id;
  };
  return { ...base, lead: newLead, a, b, person, dispatched };
}

/** Every command a member's people may call. */
export const MEMBER_METHODS = (Object.keys(commands) as Method[]).filter((method) => accessOf(method)?.member);

/** Commands acting on one lead (their input names it): refused outright when it is not the caller's. */
export const namesALead = (method: Method) => {
  const input: unknown = commands[method].input;
  return input instanceof z.ZodObject && 'id' in input.shape;
};

/** One input for every command (each reads the fields it knows): the lead and the person named are not the caller's. */
export const matrixInput = (leadId: number, userId: number) => ({
  id: leadId,
  userId,
  reason: 'out_of_area',
  step: 'contacted',
  delivery: 'digest',
  language: 'en',
  month: '2026-11',
  // The victim's colleague: inviting them into another member is refused (one address, one user).
  email: 'sue@example.fr',
  displayName: 'Eve',
  origin: 'https://aiguillage.example.fr',
});

/** The calls of the matrix: every member command (or only those naming a lead), each on every lead named. */
export const matrixCalls = (leadIds: number[], only: 'lead commands' | 'all' = 'all') =>
  MEMBER_METHODS.flatMap((method) => (namesALead(method) ? leadIds.map((id) => ({ method, id })) : only === 'all' ? [{ method, id: leadIds[0]! }] : []));

/** Every row of every table, to prove a matrix changed nothing anywhere. */
export function everyRow(db: Db): string {
  const tables = (
    db.engine === 'sqlite'
      ? db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      : db.prepare('SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename')
  )
    .pluck()
    .all() as string[];
  return JSON.stringify(tables.map((t) => [t, db.prepare(`SELECT * FROM "${t}" ORDER BY 1`).all()]));
}

export interface Victim {
  leadIds: number[];
  emails: string[];
}

type TryCall = (method: never, input: never) => unknown;

/**
 * Calls `method` as `who` and checks it is refused (a command naming a lead, or any command when
 * `allRefused`) or answers nothing of the victim's: no lead view (an object with a postal code)
 * of the victim's leads, no person with the victim's e-mail addresses. A refusal is the
 * application's `forbidden`, or with `byDatabase` any refusal (a write row-level security refused
 * fails as PostgreSQL's error).
 */
export function expectNothingOf(
  who: { tryCall: TryCall },
  method: Method,
  input: object,
  victim: Victim,
  label: string,
  { allRefused = false, byDatabase = false }: { allRefused?: boolean; byDatabase?: boolean } = {},
): void {
  const result = who.tryCall(method as never, input as never) as Result<unknown>;
  const refusal = result.ok ? 'ALLOWED' : byDatabase && result.error.code !== 'invalid_input' ? 'refused' : result.error.code === 'forbidden' ? 'refused' : result.error.code;
  if (namesALead(method) || allRefused) {
    expect(refusal, `${label}: ${method} ${JSON.stringify(input)}`).toBe('refused');
    return;
  }
  expect(result.ok ? leaks(result.value, victim) : refusal === 'refused' ? [] : [refusal], `${label}: ${method}`).toEqual([]);
}

function leaks(value: unknown, victim: Victim, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => leaks(v, victim, found));
  else if (value && typeof value === 'object') {
    const row = value as Record<string, unknown>;
    if ('postalCode' in row && victim.leadIds.includes(Number(row.id))) found.push(`lead ${String(row.id)}`);
    if (typeof row.email === 'string' && victim.emails.includes(row.email)) found.push(row.email);
    Object.values(row).forEach((v) => leaks(v, victim, found));
  }
  return found;
}
