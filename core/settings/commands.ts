/** settings.*: read all settings (defaults filled in) and set one validated value. */
import { z } from 'zod';
import { command, type Context } from '../commands/define';
import { AppError, fromZodError } from '../commands/errors';
import { tr } from '../language';
import { SETTING_KEYS, settingDefaults, settingsSchemas, type SettingKey, type Settings } from './registry';

export const settingsCommands = {
  'settings.get': command(z.object({}), (ctx) => readSettings(ctx)),
  'settings.set': command(
    z.object({ key: z.enum(SETTING_KEYS as [SettingKey, ...SettingKey[]]), value: z.unknown() }),
    (ctx, { key, value }) => {
      const parsed = settingsSchemas[key].safeParse(value);
      if (!parsed.success) {
        const error = fromZodError(parsed.error);
        throw new AppError('invalid_input', `${tr('Invalid value for', 'Valeur invalide pour')} ${key}: ${error.message}`, error.issues?.map((i) => ({ ...i, path: ['value', ...i.path] })));
      }
      ctx.db
        .prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at')
        .run(key, JSON.stringify(parsed.data), ctx.now());
      return readSettings(ctx);
    },
  ),
};

export function readSettings(ctx: Pick<Context, 'db'>): Settings {
  const rows = ctx.db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
  const settings: Record<string, unknown> = { ...settingDefaults };
  for (const { key, value } of rows) {
    if (!Object.hasOwn(settingsSchemas, key)) continue;
    // A stored value that no longer fits its schema (after an upgrade) falls back to the default.
    const parsed = settingsSchemas[key as SettingKey].safeParse(JSON.parse(value));
    if (parsed.success) settings[key] = parsed.data;
  }
  return settings as Settings;
}
