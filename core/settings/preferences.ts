/**
 * A person's own preferences: the language and theme. In server mode each signed-in user keeps
 * theirs (user_preferences), read over the head office's settings, which only the administrator
 * may change; with no user (the desktop app, browser mode) they are the database's settings.
 */
import { z } from 'zod';
import type { Context } from '../commands/define';
import type { Db } from '../db/connection';
import { settingDefaults, settingsSchemas, type Settings } from './registry';

export const PREFERENCE_KEYS = ['ui.locale', 'ui.theme'] as const;
export type PreferenceKey = (typeof PREFERENCE_KEYS)[number];

/** One preference and its value, checked against the setting's own schema; nothing names a user: it is always the caller's. */
export const preferenceInput = z.discriminatedUnion('key', [
  z.strictObject({ key: z.literal('ui.locale'), value: settingsSchemas['ui.locale'] }),
  z.strictObject({ key: z.literal('ui.theme'), value: settingsSchemas['ui.theme'] }),
]);

export function writePreference(ctx: Context & { userId: number }, key: PreferenceKey, value: unknown): void {
  ctx.db
    .prepare('INSERT INTO user_preferences (user_id, key, value, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (user_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at')
    .run(ctx.userId, key, JSON.stringify(value), ctx.now());
}

/** The settings as the caller sees them: their own language and theme over the database's. */
export function withPreferences(ctx: Pick<Context, 'db' | 'userId'>, settings: Settings): Settings {
  if (ctx.userId === undefined) return settings;
  const rows = ctx.db.prepare('SELECT key, value FROM user_preferences WHERE user_id = ?').all(ctx.userId) as { key: string; value: string }[];
  const own: Partial<Settings> = {};
  for (const { key, value } of rows) {
    // A stored value that no longer fits (after an upgrade) leaves the database's.
    const parsed = PREFERENCE_KEYS.includes(key as PreferenceKey) ? settingsSchemas[key as PreferenceKey].safeParse(JSON.parse(value)) : null;
    if (parsed?.success) Object.assign(own, { [key]: parsed.data });
  }
  return { ...settings, ...own };
}

/** The caller's own language and theme (their choice over the database's): what preferences.set answers, nothing of the head office's settings. */
export function ownPreferences(ctx: Pick<Context, 'db' | 'userId'>, settings: Settings): Pick<Settings, PreferenceKey> {
  const own = withPreferences(ctx, settings);
  return { 'ui.locale': own['ui.locale'], 'ui.theme': own['ui.theme'] };
}

/** The language a person chose for themselves, or null (they never did, or follow the system's): the extranet opens in it. */
export function chosenLanguage(db: Db, userId: number): 'fr' | 'en' | null {
  const locale = withPreferences({ db, userId }, settingDefaults)['ui.locale'];
  return locale === 'system' ? null : locale;
}
