/**
 * members.absences.*: periods a member takes no leads (holidays, sickness, training). Dates are
 * the head office's local calendar days, inclusive, as 'YYYY-MM-DD'. A period that overlaps
 * others of the same member is merged with them into one (the reasons kept side by side), so
 * the list the animator reads stays one line per stretch of absence and no entry is refused.
 */
import { z } from 'zod';
import { command, type Context } from '../commands/define';
import type { Db } from '../db/connection';
import { AppError, fieldError } from '../commands/errors';
import { tr, zmsg } from '../language';
import { getMember } from './store';

export interface Absence {
  id: number;
  memberId: number;
  startsOn: string;
  endsOn: string;
  reason: string;
  createdAt: number;
}

const isoDate = z
  .string(zmsg('A date is written YYYY-MM-DD', 'Une date s’écrit AAAA-MM-JJ'))
  .regex(/^\d{4}-\d{2}-\d{2}$/, zmsg('A date is written YYYY-MM-DD', 'Une date s’écrit AAAA-MM-JJ'))
  .refine(isCalendarDate, zmsg('This day does not exist', 'Ce jour n’existe pas'));

const absenceFields = z
  .object({ memberId: z.number().int().positive(), startsOn: isoDate, endsOn: isoDate, reason: z.string().trim().max(200).default('') })
  .refine((a) => a.startsOn <= a.endsOn, { path: ['endsOn'], ...zmsg('The absence ends before it starts', 'L’absence finit avant de commencer') });

/** What adding gives back: the absence as stored, and the ones it absorbed (to undo the merge). */
export interface AddedAbsence extends Absence {
  merged: Absence[];
}

export const absencesCommands = {
  'members.absences.list': command(z.object({ memberId: z.number().int().positive().optional(), from: isoDate.optional() }), (ctx, { memberId, from }) => listAbsences(ctx, memberId, from)),
  'members.absences.add': command(absenceFields, (ctx, a) => {
    const member = getMember(ctx.db, a.memberId);
    if (!member) throw fieldError('not_found', 'memberId', tr(`No member with id ${a.memberId}.`, `Aucun membre n°${a.memberId}.`));
    return addAbsence(ctx.db, a, ctx.now());
  }),
  /** Returns the removed absence so the UI can undo by adding it again. */
  'members.absences.remove': command(z.object({ id: z.number().int().positive() }), (ctx, { id }) => {
    const absence = mustGet(ctx, id);
    ctx.db.prepare('DELETE FROM member_absences WHERE id = ?').run(id);
    return absence;
  }),
};

const SELECT = 'SELECT id, member_id AS "memberId", starts_on AS "startsOn", ends_on AS "endsOn", reason, created_at AS "createdAt" FROM member_absences';

/** Absences of one member or all, optionally only those not over by `from`, in date order. */
export function listAbsences(ctx: Pick<Context, 'db'>, memberId?: number, from?: string): Absence[] {
  const where = [memberId === undefined ? null : 'member_id = @memberId', from === undefined ? null : 'ends_on >= @from'].filter(Boolean);
  const sql = `${SELECT} ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY starts_on, member_id, id`;
  return ctx.db.prepare(sql).all({ ...(memberId === undefined ? {} : { memberId }), ...(from === undefined ? {} : { from }) }) as Absence[];
}

function mustGet(ctx: Context, id: number): Absence {
  const absence = ctx.db.prepare(`${SELECT} WHERE id = ?`).get(id) as Absence | undefined;
  if (!absence) throw new AppError('not_found', tr(`No absence with id ${id}.`, `Aucune absence n°${id}.`));
  return absence;
}

export type AbsencePeriod = Pick<Absence, 'memberId' | 'startsOn' | 'endsOn' | 'reason'>;

/**
 * Stores a period, merged with the member's periods it overlaps (sharing at least one day):
 * the merged one spans them all and keeps their distinct reasons. The member must exist.
 */
export function addAbsence(db: Db, a: AbsencePeriod, now: number): AddedAbsence {
  const overlapping = db.prepare(`${SELECT} WHERE member_id = ? AND starts_on <= ? AND ends_on >= ? ORDER BY starts_on, id`).all(a.memberId, a.endsOn, a.startsOn) as Absence[];
  const all = [...overlapping, a];
  const startsOn = all.reduce((min, x) => (x.startsOn < min ? x.startsOn : min), a.startsOn);
  const endsOn = all.reduce((max, x) => (x.endsOn > max ? x.endsOn : max), a.endsOn);
  const reason = [...new Set(all.map((x) => x.reason.trim()).filter(Boolean))].join(' · ').slice(0, 200);
  const remove = db.prepare('DELETE FROM member_absences WHERE id = ?');
  for (const x of overlapping) remove.run(x.id);
  const id = db
    .prepare('INSERT INTO member_absences (member_id, starts_on, ends_on, reason, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id')
    .pluck()
    .get(a.memberId, startsOn, endsOn, reason, now) as number;
  const stored = db.prepare(`${SELECT} WHERE id = ?`).get(id) as Absence;
  return { ...stored, merged: overlapping };
}

export function isCalendarDate(s: string): boolean {
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}
