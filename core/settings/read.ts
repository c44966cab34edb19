/**
 * The settings service: every module reads the settings through readSettings, defaults filled in,
 * so a setting never stored yet (or stored by an older version) reads as its default.
 */
import type { Context } from '../commands/define';
import { hasSecret } from './secrets';
import { settingDefaults, settingsSchemas, type SettingKey, type Settings } from './registry';
import type { SlaSettings } from '../../common/sla';

export function readSettings(ctx: Pick<Context, 'db'>): Settings {
  const rows = ctx.db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
  const settings: Record<string, unknown> = { ...settingDefaults };
  for (const { key, value } of rows) {
    if (!Object.hasOwn(settingsSchemas, key)) continue;
    // A stored value that no longer fits its schema (after an upgrade) falls back to the default.
    const parsed = settingsSchemas[key as SettingKey].safeParse(JSON.parse(value));
    if (parsed.success) settings[key] = parsed.data;
  }
  settings['mail.smtp'] = { ...(settings['mail.smtp'] as object), passwordSet: hasSecret(ctx, 'mail.smtp.password') };
  return settings as Settings;
}

/** What the SLA model (common/sla.ts) reads from the settings. */
export function slaSettings(settings: Pick<Settings, 'sla.targets' | 'sla.businessHours'>): SlaSettings {
  return { targets: settings['sla.targets'], calendar: settings['sla.businessHours'] };
}
