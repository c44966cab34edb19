/**
 * settings.*: read all settings (defaults filled in, read.ts) and set one validated value. Secrets are
 * write-only: settings.set seals them apart (secrets.ts) and neither command returns them.
 * preferences.set: the caller's own language or theme (preferences.ts), which settings.get reads
 * over the database's; it answers with those two only.
 */
import { z } from 'zod';
import { command, type Context } from '../commands/define';
import { AppError, fromZodError } from '../commands/errors';
import { tr } from '../language';
import { plainLoginRefused, smtpInputSchema, type SmtpSettings } from '../mail/smtp';
import { addBusinessMs, HOUR_MS, type BusinessHours } from '../../common/business-hours';
import { hasSecret, storeSecret } from './secrets';
import { readSettings, slaSettings } from './read';
import { rescheduleOpenDispatches } from '../routing/deadlines';
import { SETTING_KEYS, settingsSchemas, type SettingKey } from './registry';
import { ownPreferences, preferenceInput, withPreferences, writePreference } from './preferences';

export const settingsCommands = {
  'settings.get': command(z.object({}), (ctx) => withPreferences(ctx, readSettings(ctx))),
  'preferences.set': command(preferenceInput, (ctx, { key, value }) => {
    const { userId } = ctx;
    if (userId === undefined) writeSetting(ctx, key, value);
    else writePreference({ ...ctx, userId }, key, value);
    // Only the caller's own: a member's person may set theirs, and reads none of the head office's settings.
    return ownPreferences(ctx, readSettings(ctx));
  }),
  'settings.set': command(z.object({ key: z.enum(SETTING_KEYS as [SettingKey, ...SettingKey[]]), value: z.unknown() }), (ctx, { key, value }) => {
    const parsed = (key === 'mail.smtp' ? smtpInputSchema : settingsSchemas[key]).safeParse(value);
    if (!parsed.success) throw invalidValue(key, fromZodError(parsed.error));
    let data: unknown = parsed.data;
    if (key === 'mail.smtp') {
      const { password, ...smtp } = parsed.data as z.output<typeof smtpInputSchema>;
      if (plainLoginRefused(smtp)) {
        const message = tr(
          'A login over a plain connection is allowed to a relay on this machine only (localhost): choose TLS or STARTTLS',
          'Une connexion avec identifiant sans chiffrement n’est permise que vers un relais sur cette machine (localhost) : choisissez TLS ou STARTTLS',
        );
        throw invalidValue(key, new AppError('invalid_input', message, [{ path: ['security'], message }]));
      }
      if (password === undefined) assertPasswordStaysWithServer(ctx, smtp);
      else storeSecret(ctx, 'mail.smtp.password', password);
      data = smtp;
    }
    if (key === 'sla.businessHours') assertOpens(key, parsed.data as BusinessHours, ctx.now());
    writeSetting(ctx, key, data);
    const settings = readSettings(ctx);
    // One deadline: the open dispatches take the new targets or calendar too.
    if (key === 'sla.targets' || key === 'sla.businessHours') rescheduleOpenDispatches(ctx.db, slaSettings(settings));
    return withPreferences(ctx, settings);
  }),
};

function writeSetting(ctx: Context, key: SettingKey, data: unknown): void {
  ctx.db
    .prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at')
    .run(key, JSON.stringify(data), ctx.now());
}

/**
 * The saved password is kept on a save without one only for the server and login it was given
 * for: otherwise anyone who may change the settings could point them at a server of theirs and
 * have the next mail deliver the write-only password to it.
 */
function assertPasswordStaysWithServer(ctx: Context, smtp: SmtpSettings): void {
  // Without a login the password is not sent at all.
  if (smtp.user === '' || !hasSecret(ctx, 'mail.smtp.password')) return;
  const saved = readSettings(ctx)['mail.smtp'];
  if (saved.host.trim().toLowerCase() === smtp.host.trim().toLowerCase() && saved.user === smtp.user) return;
  const message = tr(
    'The saved password was given for another server or login: enter the password again to use it with this one (or remove it)',
    'Le mot de passe enregistré a été donné pour un autre serveur ou identifiant : saisissez à nouveau le mot de passe pour l’utiliser avec celui-ci (ou supprimez-le)',
  );
  throw invalidValue('mail.smtp', new AppError('invalid_input', message, [{ path: ['password'], message }]));
}

/** A calendar the queue could not count in (closed dates covering every open day) would break every deadline: refused here. */
function assertOpens(key: SettingKey, calendar: BusinessHours, now: number): void {
  try {
    addBusinessMs(now, HOUR_MS, calendar);
  } catch {
    const message = tr(
      'This calendar has no open hour in the next ten years: open more days or remove closed dates',
      'Ce calendrier n’a aucune heure ouverte dans les dix ans à venir : ouvrez plus de jours ou retirez des jours fermés',
    );
    throw invalidValue(key, new AppError('invalid_input', message, [{ path: ['closedDates'], message }]));
  }
}

function invalidValue(key: SettingKey, error: AppError): AppError {
  return new AppError(
    'invalid_input',
    `${tr('Invalid value for', 'Valeur invalide pour')} ${key}: ${error.message}`,
    error.issues?.map((i) => ({ ...i, path: ['value', ...i.path] })),
  );
}
