import { describe, expect, it } from 'vitest';
import { caller, testContext } from '../test-support';
import { settingDefaults } from './registry';
import { insertUser } from '../users/store';

describe('settings', () => {
  it('returns the defaults on a new database', () => {
    const { call } = caller(testContext());
    expect(call('settings.get', {})).toEqual(settingDefaults);
  });

  it('stores a valid value and returns all settings', () => {
    const { call } = caller(testContext());
    expect(call('settings.set', { key: 'ui.locale', value: 'en' })['ui.locale']).toBe('en');
    expect(call('settings.set', { key: 'ui.locale', value: 'fr' })['ui.locale']).toBe('fr');
    expect(call('settings.get', {})['ui.locale']).toBe('fr');
  });

  it('keeps the language and theme in the settings when nobody is signed in (the desktop app)', () => {
    const { call } = caller(testContext());
    expect(call('preferences.set', { key: 'ui.theme', value: 'dark' })['ui.theme']).toBe('dark');
    expect(call('settings.get', {})['ui.theme']).toBe('dark');
  });

  it('keeps a signed-in user’s language and theme as theirs, over the database’s, never another’s', () => {
    const ctx = testContext();
    const user = (email: string) => insertUser(ctx.db, { email, displayName: email, role: 'qualifier', passwordHash: 'x' }, ctx.now()).id;
    const [ana, bob] = [user('ana@example.fr'), user('bob@example.fr')];
    const as = (userId: number) => caller({ ...ctx, userId });
    caller(ctx).call('settings.set', { key: 'ui.locale', value: 'en' });
    expect(as(ana).call('preferences.set', { key: 'ui.locale', value: 'fr' })['ui.locale']).toBe('fr');
    expect(as(ana).call('settings.get', {})['ui.locale']).toBe('fr');
    expect(as(bob).call('settings.get', {})['ui.locale']).toBe('en');
    expect(caller(ctx).call('settings.get', {})['ui.locale']).toBe('en');
    // A value the setting does not allow, or an input naming a user, is refused and changes nothing.
    expect(as(bob).tryCall('preferences.set', { key: 'ui.theme', value: 'purple' } as never)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(as(bob).tryCall('preferences.set', { key: 'ui.locale', value: 'en', userId: ana } as never)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(as(ana).call('settings.get', {})['ui.locale']).toBe('fr');
    // Saving a head-office setting answers with the caller's own language still.
    expect(as(ana).call('settings.set', { key: 'privacy.retentionMonths', value: 24 })['ui.locale']).toBe('fr');
  });

  it('refuses an unknown key', () => {
    const { tryCall } = caller(testContext());
    expect(tryCall('settings.set', { key: 'ui.nope' as never, value: 1 })).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: ['key'] }] } });
  });

  it('refuses a value that does not fit the key and keeps the old one', () => {
    const ctx = testContext();
    const { call, tryCall } = caller(ctx);
    call('settings.set', { key: 'ui.theme', value: 'dark' });
    const bad = tryCall('settings.set', { key: 'ui.theme', value: 'purple' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: ['value'] }] } });
    expect(call('settings.get', {})['ui.theme']).toBe('dark');
  });

  it('falls back to the default when a stored value no longer fits', () => {
    const ctx = testContext();
    ctx.db.prepare("INSERT INTO settings VALUES ('ui.theme', '\"sepia\"', 0)").run();
    expect(caller(ctx).call('settings.get', {})['ui.theme']).toBe('system');
  });

  it('refuses a time zone that is not a known IANA name, which would break every deadline', () => {
    const { call, tryCall } = caller(testContext());
    const hours = call('settings.get', {})['sla.businessHours'];
    for (const timeZone of ['Europe/Pariss', '+01:00', 'CET+1', 'Mars/Olympus', '']) {
      expect(tryCall('settings.set', { key: 'sla.businessHours', value: { ...hours, timeZone } }), timeZone).toMatchObject({
        ok: false,
        error: { code: 'invalid_input', issues: [{ path: ['value', 'timeZone'], message: 'Not a known time zone: give its IANA name, e.g. Europe/Paris' }] },
      });
    }
    for (const timeZone of ['America/New_York', 'UTC', 'Europe/Paris'])
      expect(call('settings.set', { key: 'sla.businessHours', value: { ...hours, timeZone } })['sla.businessHours'].timeZone).toBe(timeZone);
  });

  it('refuses a business calendar with no open hour in the next ten years', () => {
    const ctx = testContext();
    const { call, tryCall } = caller(ctx);
    const hours = call('settings.get', {})['sla.businessHours'];
    // Open on Sundays only, and every Sunday of the next eleven years closed.
    const sundays = Array.from({ length: 575 }, (_, i) => new Date(Date.UTC(2026, 10, 29) + i * 7 * 86_400_000).toISOString().slice(0, 10));
    expect(tryCall('settings.set', { key: 'sla.businessHours', value: { ...hours, openDays: [7], closedDates: sundays } })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', issues: [{ path: ['value', 'closedDates'], message: expect.stringMatching(/no open hour in the next ten years/) }] },
    });
    expect(call('settings.set', { key: 'sla.businessHours', value: { ...hours, openDays: [7], closedDates: sundays.slice(0, 500) } })['sla.businessHours'].openDays).toEqual([7]);
    expect(tryCall('settings.set', { key: 'sla.businessHours', value: { ...hours, closedDates: Array(1001).fill('2027-01-04') } })).toMatchObject({
      ok: false,
      error: { issues: [{ path: ['value', 'closedDates'] }] },
    });
  });
});
