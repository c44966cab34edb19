import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { dispatch, dispatchAsync } from './dispatch';
import { commands } from './table';
import { command, mergeTables } from './define';
import { caller, failWrites, testContext, validMember } from '../test-support';
import { SCHEMA_VERSION } from '../db/migrate';

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

  // One table-driven case: any zod object schema refuses a string by construction, so one test
  // per command would inflate the count without checking more (the property campaign in
  // payloads.test.ts is where each command's handling of bad input is really exercised).
  it('every command refuses a non-object input with invalid_input, without throwing', async () => {
    const ctx = testContext();
    const codes = Object.fromEntries(
      await Promise.all(
        Object.keys(commands).map(async (method) => {
          const result = await dispatchAsync(ctx, method, 'garbage');
          return [method, result.ok ? 'ok' : result.error.code];
        }),
      ),
    );
    expect(codes).toEqual(Object.fromEntries(Object.keys(commands).map((method) => [method, 'invalid_input'])));
  });

  it('answers an asynchronous command through dispatchAsync only, in the language of the call', async () => {
    const ctx = testContext();
    const input = { fileName: 'x.csv', contentBase64: Buffer.alloc(50).toString('base64') };
    expect(dispatch(ctx, 'intake.preview', input)).toMatchObject({ ok: false, error: { code: 'internal', message: 'intake.preview answers asynchronously: call it through dispatchAsync.' } });
    expect(await dispatchAsync(ctx, 'intake.preview', input, { language: 'fr' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringMatching(/^Le fichier n’a pas pu être lu : Ce fichier n’est pas du texte/) },
    });
    expect(await dispatchAsync(ctx, 'intake.preview', { ...input, contentBase64: Buffer.from('Nom\nDupont\n').toString('base64') })).toMatchObject({ ok: true, value: { dataRows: 1 } });
  });

  it('hides an unexpected failure behind a generic message, logs it, and rolls back', () => {
    const ctx = testContext();
    const { call } = caller(ctx);
    const m = call('members.create', validMember);
    failWrites(ctx.db, 'boom', 'AFTER UPDATE', 'members', 'disk on fire');
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
    expect(caller(ctx).call('app.info', {})).toMatchObject({
      name: 'Aiguillage',
      schemaVersion: SCHEMA_VERSION,
      dbPath: ':memory:',
      memberCount: 1,
      leadsWaiting: 0,
      leadsAtRisk: 0,
      lastBackupAt: null,
    });
    caller(ctx).call('leads.create', { lastName: 'Attente', phone: '0611223344', postalCode: '37000', city: 'Tours' });
    expect(caller(ctx).call('app.info', {}).leadsWaiting).toBe(1);
  });
});
