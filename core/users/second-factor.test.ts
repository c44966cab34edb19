/**
 * The second factor (TOTP, issue 18): enrolment shows the secret once and keeps it sealed; sign-in
 * asks for a code, takes each code once (replay refused, in its window and across the window's
 * steps), counts wrong codes as failed sign-ins; a salesperson may turn it off, a member
 * administrator may not; the head office resets a lost one, audited, ending the person's sessions.
 */
import { describe, expect, it } from 'vitest';
import { setup } from '../test-network';
import { listAudit } from '../privacy/audit';
import { hashPassword } from './passwords';
import { lookUpSession, startSession } from './sessions';
import { signIn } from './signin';
import { insertUser } from './store';
import { codeAt, enrolled } from './second-factor-fixture';
import { confirmEnrolment, mustEnrol, secondFactorState, startEnrolment, turnOff } from './second-factor';
import type { MemberRole } from '../../common/roles';

const PASSWORD = 'a long password';
const FAST = { logN: 10, r: 8, p: 1 };

function people() {
  const n = setup();
  const alpha = n.member('Alpha');
  const person = (email: string, role: MemberRole) => insertUser(n.ctx.db, { email, displayName: email, role, memberId: alpha.id, passwordHash: hashPassword(PASSWORD, FAST) }, n.ctx.now());
  const login = (email: string, code?: string, address = '10.0.0.1') => signIn(n.ctx, { email, password: PASSWORD, address, code });
  return { ...n, alpha, person, login };
}

describe('the second factor', () => {
  it('is required of a member administrator, optional for a salesperson', () => {
    const n = people();
    const ada = n.person('ada@alpha.fr', 'member_admin');
    const sam = n.person('sam@alpha.fr', 'salesperson');
    expect(secondFactorState(n.ctx.db, ada)).toEqual({ enabled: false, required: true });
    expect(mustEnrol(n.ctx.db, ada)).toBe(true);
    expect(mustEnrol(n.ctx.db, sam)).toBe(false);
    enrolled(n.ctx, ada);
    expect(mustEnrol(n.ctx.db, ada)).toBe(false);
    expect(secondFactorState(n.ctx.db, ada)).toEqual({ enabled: true, required: true });
  });

  it('shows the secret once at enrolment, as text and an otpauth URI, and keeps it sealed', () => {
    const n = people();
    const sam = n.person('sam@alpha.fr', 'salesperson');
    const { secret, uri } = startEnrolment(n.ctx, sam);
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(uri).toMatch(/^otpauth:\/\/totp\/Aiguillage:sam%40alpha\.fr\?issuer=Aiguillage&secret=[A-Z2-7]{32}&algorithm=SHA1&digits=6&period=30$/);
    expect(uri).toContain(secret);
    const stored = JSON.stringify(n.ctx.db.prepare('SELECT * FROM user_second_factors').all());
    expect(stored).not.toContain(secret);
    // Not on until a right code from the app confirms it: the sign-in asks for nothing meanwhile.
    expect(secondFactorState(n.ctx.db, sam).enabled).toBe(false);
    expect(confirmEnrolment(n.ctx, sam, '000000', '10.0.0.1')).toBe('wrong');
    expect(confirmEnrolment(n.ctx, sam, codeAt(secret, n.ctx.now()), '10.0.0.1')).toBe('done');
    expect(secondFactorState(n.ctx.db, sam).enabled).toBe(true);
    // Once on, no way to read it back: starting again is refused.
    expect(() => startEnrolment(n.ctx, sam)).toThrow('on already');
    expect(listAudit(n.ctx.db, { limit: 20, offset: 0 }).items.map((e) => e.action)).toEqual(expect.arrayContaining(['auth.secondFactorOn', 'auth.signinFailed']));
  });

  it('asks for a code at sign-in and takes each code once', async () => {
    const n = people();
    const ada = n.person('ada@alpha.fr', 'member_admin');
    const secret = enrolled(n.ctx, ada);
    const now = n.ctx.now();
    expect(await n.login('ada@alpha.fr')).toEqual({ ok: false, reason: 'code needed' });
    // A wrong password is refused as before, code or not: nothing says a code would be asked.
    expect(await signIn(n.ctx, { email: 'ada@alpha.fr', password: 'wrong', address: '10.0.0.1', code: codeAt(secret, now) })).toEqual({ ok: false, reason: 'refused' });
    expect(await n.login('ada@alpha.fr', '123 456')).toEqual({ ok: false, reason: 'code refused' });
    const first = await n.login('ada@alpha.fr', codeAt(secret, now).replace(/(\d{3})/, '$1 '));
    expect(first).toMatchObject({ ok: true, user: { id: ada.id } });
    // The same code again, from anywhere, within its window: refused. So is the code of the step before (already past).
    expect(await n.login('ada@alpha.fr', codeAt(secret, now), '10.0.0.2')).toEqual({ ok: false, reason: 'code refused' });
    expect(await n.login('ada@alpha.fr', codeAt(secret, now, -1), '10.0.0.2')).toEqual({ ok: false, reason: 'code refused' });
    // The next step's code (the phone's clock a little ahead) is taken, once.
    expect(await n.login('ada@alpha.fr', codeAt(secret, now, 1), '10.0.0.3')).toMatchObject({ ok: true });
    expect(await n.login('ada@alpha.fr', codeAt(secret, now, 1), '10.0.0.3')).toEqual({ ok: false, reason: 'code refused' });
    // Two steps away is outside the window.
    n.advance(5 * 60_000);
    expect(await n.login('ada@alpha.fr', codeAt(secret, n.ctx.now(), 2), '10.0.0.4')).toEqual({ ok: false, reason: 'code refused' });
    expect(await n.login('ada@alpha.fr', codeAt(secret, n.ctx.now()), '10.0.0.4')).toMatchObject({ ok: true });
    const failed = listAudit(n.ctx.db, { action: 'auth.signinFailed', limit: 50, offset: 0 }).items.filter((e) => e.details.reason === 'code');
    expect(failed).toHaveLength(5);
  });

  it('counts wrong codes as failed sign-ins: guessing is slowed as password guessing is', async () => {
    const n = people();
    const ada = n.person('ada@alpha.fr', 'member_admin');
    const secret = enrolled(n.ctx, ada);
    for (let i = 0; i < 5; i++) expect(await n.login('ada@alpha.fr', String(100_000 + i))).toEqual({ ok: false, reason: 'code refused' });
    expect(await n.login('ada@alpha.fr', codeAt(secret, n.ctx.now()))).toMatchObject({ ok: false, reason: 'throttled' });
    n.advance(1000);
    expect(await n.login('ada@alpha.fr', codeAt(secret, n.ctx.now()))).toMatchObject({ ok: true });
  });

  it('may be turned off by a salesperson with a current code, never by a member administrator', () => {
    const n = people();
    const sam = n.person('sam@alpha.fr', 'salesperson');
    const ada = n.person('ada@alpha.fr', 'member_admin');
    const samSecret = enrolled(n.ctx, sam);
    const adaSecret = enrolled(n.ctx, ada);
    expect(turnOff(n.ctx, ada, codeAt(adaSecret, n.ctx.now()), '10.0.0.1')).toBe('required');
    expect(turnOff(n.ctx, sam, '999999', '10.0.0.1')).toBe('wrong');
    expect(turnOff(n.ctx, sam, codeAt(samSecret, n.ctx.now()), '10.0.0.1')).toBe('done');
    expect(secondFactorState(n.ctx.db, sam)).toEqual({ enabled: false, required: false });
    expect(secondFactorState(n.ctx.db, ada).enabled).toBe(true);
  });

  it('is reset by the head office for a member’s person who lost it: audited, their sessions ended, a new one asked at the next sign-in', async () => {
    const n = people();
    const ada = n.person('ada@alpha.fr', 'member_admin');
    enrolled(n.ctx, ada);
    const session = startSession(n.ctx.db, ada.id, n.ctx.now());
    expect(n.call('members.resetSecondFactor', { userId: ada.id })).toEqual({ removed: true, sessionsEnded: 1 });
    expect(lookUpSession(n.ctx.db, session.token, n.ctx.now())).toBeNull();
    expect(mustEnrol(n.ctx.db, ada)).toBe(true);
    expect(await n.login('ada@alpha.fr')).toMatchObject({ ok: true });
    const entry = listAudit(n.ctx.db, { action: 'member.secondFactorReset', limit: 5, offset: 0 }).items[0]!;
    expect(entry).toMatchObject({ actor: 'test', subject: `user:${ada.id}`, details: { email: 'ada@alpha.fr', removed: true, sessionsEnded: 1 } });
    // Not a head-office user's (they have none here).
    const admin = insertUser(n.ctx.db, { email: 'boss@hq.fr', displayName: 'Boss', role: 'administrator', passwordHash: hashPassword(PASSWORD, FAST) }, n.ctx.now());
    expect(n.tryCall('members.resetSecondFactor', { userId: admin.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
