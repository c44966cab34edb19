import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { dispatch } from './dispatch';
import { commands } from './table';
import { command, mergeTables } from './define';
import { caller, testContext, validMember } from '../test-support';

describe('command table', () => {
  it('has the expected command names (a rename must show up here)', () => {
    expect(Object.keys(commands).sort()).toMatchSnapshot();
  });

  it('refuses to register a name twice', () => {
    const a = { 'x.y': command(z.object({}), () => 1) };
    expect(() => mergeTables(a, { ...a })).toThrow(/registered twice: x.y/);
  });

  it('answers an unknown method with a structured error', () => {
    const ctx = testContext();
    expect(dispatch(ctx, 'members.drop', {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(dispatch(ctx, '__proto__', {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(dispatch(ctx, 42, {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
  });

  it('treats a missing input as an empty object', () => {
    expect(dispatch(testContext(), 'settings.get', undefined)).toMatchObject({ ok: true });
  });

  it.each(Object.keys(commands))('%s refuses a non-object input without throwing', (method) => {
    const result = dispatch(testContext(), method, 'garbage');
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('hides an unexpected failure behind a generic message, logs it, and rolls back', () => {
    const ctx = testContext();
    const { call } = caller(ctx);
    const m = call('members.create', validMember);
    ctx.db.exec("CREATE TRIGGER boom AFTER UPDATE ON members BEGIN SELECT RAISE(ABORT, 'disk on fire'); END");
    const logged: unknown[] = [];
    const result = dispatch(ctx, 'members.update', { id: m.id, radiusKm: 10 }, { log: (_msg, err) => logged.push(err) });
    expect(result).toEqual({ ok: false, error: { code: 'internal', message: expect.stringContaining('nothing was changed') } });
    expect(JSON.stringify(result)).not.toContain('disk on fire');
    expect(String(logged[0])).toContain('disk on fire');
    expect(call('members.get', { id: m.id }).radiusKm).toBe(40);
  });

  it('reports app.info', () => {
    const ctx = testContext();
    caller(ctx).call('members.create', validMember);
    expect(caller(ctx).call('app.info', {})).toMatchObject({ name: 'Aiguillage', schemaVersion: expect.any(Number), dbPath: ':memory:', memberCount: 1, leadsWaiting: 0, leadsAtRisk: 0, lastBackupAt: null });
    caller(ctx).call('leads.create', { lastName: 'Attente', phone: '0611223344', postalCode: '37000', city: 'Tours' });
    expect(caller(ctx).call('app.info', {}).leadsWaiting).toBe(1);
  });
});
