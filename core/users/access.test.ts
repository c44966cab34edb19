import { describe, expect, it } from 'vitest';
import { commands } from '../commands/table';
import { ACCESS, AUDITS_ITSELF, mayCall, methodsOf } from './access';

describe('access by role', () => {
  it('has an entry for every command of the table, and none for a command that does not exist', () => {
    const table = Object.keys(commands);
    expect(table.filter((method) => !Object.hasOwn(ACCESS, method))).toEqual([]);
    const session = ['database.status', 'database.backup', 'database.restore'];
    expect(Object.keys(ACCESS).filter((method) => !table.includes(method) && !session.includes(method))).toEqual([]);
    for (const method of AUDITS_ITSELF) expect(ACCESS[method as keyof typeof ACCESS].changes).toBe(true);
  });

  it('lets the administrator call everything, and each role its own job', () => {
    expect(methodsOf('administrator')).toEqual(Object.keys(ACCESS).filter((method) => !method.startsWith('extranet.')));
    expect(mayCall('coordinator', 'routing.settings.save')).toBe(true);
    expect(mayCall('qualifier', 'routing.settings.save')).toBe(false);
    expect(mayCall('qualifier', 'routing.dispatch')).toBe(true);
    expect(mayCall('manager', 'routing.dispatch')).toBe(false);
    expect(mayCall('manager', 'targets.set')).toBe(true);
    expect(mayCall('coordinator', 'users.create')).toBe(false);
    expect(mayCall('administrator', 'no.such.command')).toBe(false);
  });

  it('gives a member’s people the extranet and their own preferences, nothing else, and the extranet to nobody of the head office', () => {
    expect(Object.keys(ACCESS).filter((method) => ACCESS[method as keyof typeof ACCESS].member)).toEqual(Object.keys(ACCESS).filter((method) => method.startsWith('extranet.')));
    expect(methodsOf('salesperson').filter((method) => !method.startsWith('extranet.'))).toEqual(['preferences.set']);
    expect(methodsOf('member_admin')).toEqual(expect.arrayContaining(['extranet.team', 'extranet.assign', 'extranet.accept']));
    expect(mayCall('salesperson', 'extranet.assign')).toBe(false);
    expect(mayCall('member_admin', 'leads.get')).toBe(false);
    expect(mayCall('administrator', 'extranet.accept')).toBe(false);
  });

  it('lets every signed-in person set their own preferences, and nothing of another user’s is ever a self entry', () => {
    for (const role of ['administrator', 'coordinator', 'qualifier', 'manager', 'member_admin', 'salesperson'] as const) expect(mayCall(role, 'preferences.set')).toBe(true);
    expect(Object.keys(ACCESS).filter((method) => ACCESS[method as keyof typeof ACCESS].self)).toEqual(['preferences.set']);
  });
});
