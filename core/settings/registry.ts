/**
 * Every setting the app knows, with its schema and default. Unknown keys are refused, so a
 * typo cannot store a value nobody reads. Later features add their keys here.
 */
import { z } from 'zod';
import { businessHoursSchema } from '../sla/calendar';
import { DEFAULT_BUSINESS_HOURS } from '../../common/business-hours';
import { DEFAULT_SLA_TARGETS, slaTargetsSchema } from '../sla/targets';
import { smtpSettingsSchema, type SmtpSettings } from '../mail/smtp';

export const settingsSchemas = {
  'ui.locale': z.enum(['system', 'fr', 'en']),
  'ui.theme': z.enum(['system', 'light', 'dark']),
  'map.tiles': z.object({
    enabled: z.boolean(),
    url: z.string().max(500),
    attribution: z.string().max(500),
  }),
  'sla.businessHours': businessHoursSchema,
  'sla.targets': slaTargetsSchema,
  /** Without the password, which is sealed apart (secrets.ts); settings.set takes it, settings.get says only whether one is set. */
  'mail.smtp': smtpSettingsSchema,
  /** Months after the last activity of a closed lead before its personal data is anonymised. */
  'privacy.retentionMonths': z.number().int().min(1).max(240),
  /** An imported row with neither postal code nor town: refused, or kept and held at the head office. */
  'intake.leadsWithoutPlace': z.enum(['reject', 'head_office']),
} as const;

export type SettingKey = keyof typeof settingsSchemas;
type Stored = { [K in SettingKey]: z.output<(typeof settingsSchemas)[K]> };
export type Settings = Omit<Stored, 'mail.smtp'> & { 'mail.smtp': SmtpSettings & { passwordSet: boolean } };

export const settingDefaults: Settings = {
  'ui.locale': 'system',
  'ui.theme': 'system',
  'map.tiles': {
    enabled: false,
    url: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
    attribution: '© OpenStreetMap contributors',
  },
  'sla.businessHours': DEFAULT_BUSINESS_HOURS,
  'sla.targets': DEFAULT_SLA_TARGETS,
  // Off until configured: a demo database never sends e-mail.
  'mail.smtp': { ...smtpSettingsSchema.parse({}), passwordSet: false },
  'privacy.retentionMonths': 36,
  'intake.leadsWithoutPlace': 'reject',
};

export const SETTING_KEYS = Object.keys(settingsSchemas) as SettingKey[];
