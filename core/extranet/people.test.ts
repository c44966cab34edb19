/**
 * A member administrator's own people (issue 18): they list, invite, disable and enable their
 * member's salespeople, never another member's, and a salesperson manages nobody (refused by the
 * command and by the access table). Disabling ends the person's sessions at once.
 */
import { describe, expect, it } from 'vitest';
import { caller } from '../test-support';
import { listAudit } from '../privacy/audit';
import { mayCall } from '../users/access';
import { lookUpSession, startSession } from '../users/sessions';
import { peopleCommands } from './people';
import { network } from './test-matrix';

const ORIGIN = 'https://aiguillage.example.fr';

describe('a member administrator’s people', () => {
  it('invites a salesperson of their own member by the head office’s single-use link, and lists them', () => {
    const n = network();
    const ada = n.person(n.a.id, 'member_admin', 'ada');
    // A role or another member in the input is not theirs to choose: dropped.
    const { user } = ada.call('extranet.invite', { email: 'Nina@Example.fr', displayName: 'Nina', origin: ORIGIN, role: 'member_admin', memberId: n.b.id } as never);
    expect(user).toMatchObject({ email: 'nina@example.fr', role: 'salesperson', memberId: n.a.id });
    const mail = n.call('mail.outbox.list', {})[0]!;
    expect(mail).toMatchObject({ recipient: 'nina@example.fr' });
    expect(mail.body).toContain(`${ORIGIN}/#/invitation/`);
    expect(ada.call('extranet.team', {}).map((p) => [p.email, p.role, p.joinedAt, p.secondFactor])).toEqual([
      ['ada@example.fr', 'member_admin', null, false],
      ['nina@example.fr', 'salesperson', null, false],
    ]);
    const entry = listAudit(n.ctx.db, { action: 'member.invite', limit: 5, offset: 0 }).items[0]!;
    expect(entry).toMatchObject({ actor: 'ada@example.fr', subject: `user:${user.id}`, details: { memberId: n.a.id, role: 'salesperson' } });
    // Another member's person keeps their address.
    n.person(n.b.id, 'salesperson', 'bob');
    expect(ada.tryCall('extranet.invite', { email: 'bob@example.fr', displayName: 'Bob', origin: ORIGIN })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  }, 60_000);

  it('disables a salesperson, ending their sessions at once, and enables them again', () => {
    const n = network();
    const ada = n.person(n.a.id, 'member_admin', 'ada');
    const sam = n.person(n.a.id, 'salesperson', 'sam');
    const session = startSession(n.ctx.db, sam.user.id, n.ctx.now());
    const team = ada.call('extranet.disablePerson', { id: sam.user.id });
    expect(team.find((p) => p.id === sam.user.id)).toMatchObject({ disabled: true });
    expect(lookUpSession(n.ctx.db, session.token, n.ctx.now())).toBeNull();
    expect(listAudit(n.ctx.db, { action: 'user.disable', limit: 5, offset: 0 }).items[0]).toMatchObject({ actor: 'ada@example.fr', details: { sessionsEnded: 1 } });
    expect(ada.call('extranet.enablePerson', { id: sam.user.id }).find((p) => p.id === sam.user.id)).toMatchObject({ disabled: false });
    // Not themselves, nor a fellow administrator: the head office manages those accounts.
    const max = n.person(n.a.id, 'member_admin', 'max');
    expect(ada.tryCall('extranet.disablePerson', { id: ada.user.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(ada.tryCall('extranet.disablePerson', { id: max.user.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  }, 60_000);

  it('refuses another member’s administrator, a salesperson and a caller with no member, changing nothing', () => {
    const n = network();
    const sam = n.person(n.a.id, 'salesperson', 'sam');
    const sue = n.person(n.a.id, 'salesperson', 'sue');
    const bob = n.person(n.b.id, 'member_admin', 'bob');
    const headOffice = caller(n.ctx);
    const before = JSON.stringify(n.ctx.db.prepare('SELECT * FROM users ORDER BY id').all());
    const inputs: Record<string, object> = {
      'extranet.invite': { email: 'eve@example.fr', displayName: 'Eve', origin: ORIGIN },
      'extranet.disablePerson': { id: sam.user.id },
      'extranet.enablePerson': { id: sam.user.id },
    };
    const code = (who: { tryCall: (m: never, i: never) => unknown }, method: string) => {
      const result = who.tryCall(method as never, inputs[method] as never) as { ok: boolean; error?: { code: string } };
      return result.ok ? 'ALLOWED' : result.error!.code;
    };
    for (const method of ['extranet.disablePerson', 'extranet.enablePerson']) expect(code(bob, method), `another member: ${method}`).toBe('forbidden');
    for (const method of Object.keys(inputs)) {
      expect(code(sue, method), `a salesperson: ${method}`).toBe('forbidden');
      expect(code(headOffice, method), `no member: ${method}`).toBe('forbidden');
      // The server refuses them before the command: only a member administrator may call them.
      expect(mayCall('salesperson', method)).toBe(false);
      expect(mayCall('administrator', method)).toBe(false);
      expect(mayCall('member_admin', method)).toBe(true);
    }
    expect(JSON.stringify(n.ctx.db.prepare('SELECT * FROM users ORDER BY id').all())).toBe(before);
    expect(n.call('mail.outbox.list', {})).toEqual([]);
    // Bob's own list has none of Alpha's people.
    expect(bob.call('extranet.team', {}).map((p) => p.email)).toEqual(['bob@example.fr']);
    // The head office's own commands on people: not for a member's person.
    for (const method of Object.keys(peopleCommands).filter((m) => m.startsWith('members.'))) expect(mayCall('member_admin', method), method).toBe(false);
  }, 60_000);
});
