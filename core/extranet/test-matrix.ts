/**
 * The extranet's access matrix (issue 18), for the application's checks (extranet.test.ts) and
 * for PostgreSQL's row-level security alone (row-security.test.ts): a network of two members
 * with their people and leads, and the matrix itself, generated from the command table. Every
 * extranet command is called with one input naming a lead and a person that are not the
 * caller's; a command naming a lead must be refused, a list must hold none of the victim's
 * leads and people. A new command is in the matrix by being in the table; one whose input needs
 * more than MATRIX_INPUT gives fails here (invalid input) until MATRIX_INPUT gives it.
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
import { extranetCommands } from './commands';

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

export type ExtranetMethod = keyof typeof extranetCommands;
export const EXTRANET_METHODS = Object.keys(extranetCommands) as ExtranetMethod[];

/** Commands acting on one lead (their input names it): refused outright when it is not the caller's. */
export const namesALead = (method: ExtranetMethod) => {
  const input: unknown = extranetCommands[method].input;
  return input instanceof z.ZodObject && 'id' in input.shape;
};

/** One input for every command (each reads the fields it knows): the lead and the person named are not the caller's. */
export const matrixInput = (leadId: number, userId: number) => ({ id: leadId, userId, reason: 'out_of_area', step: 'contacted' });

/** The calls of the matrix: every extranet command, each on every lead named. */
export const matrixCalls = (leadIds: number[]) => EXTRANET_METHODS.flatMap((method) => (namesALead(method) ? leadIds.map((id) => ({ method, id })) : [{ method, id: leadIds[0]! }]));

export interface Victim {
  leadIds: number[];
  emails: string[];
}

type TryCall = (method: never, input: never) => unknown;

/**
 * Calls `method` as `who` and checks it is refused (a command naming a lead, or any command when
 * `listsRefused`) or answers nothing of the victim's: no lead view (an object with a postal code)
 * of the victim's leads, no person with the victim's e-mail addresses.
 */
export function expectNothingOf(who: { tryCall: TryCall }, method: ExtranetMethod, input: object, victim: Victim, label: string, listsRefused = false): void {
  const result = who.tryCall(method as never, input as never) as Result<unknown>;
  if (namesALead(method) || listsRefused) {
    expect(result.ok ? 'ALLOWED' : result.error.code, `${label}: ${method} ${JSON.stringify(input)}`).toBe('forbidden');
    return;
  }
  expect(result.ok ? leaks(result.value, victim) : result.error.code === 'forbidden' ? [] : [result.error.code], `${label}: ${method}`).toEqual([]);
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
