import { describe, expect, it } from 'vitest';
import { caller, testContext } from '../test-support';
import { settingDefaults } from './registry';

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
});
