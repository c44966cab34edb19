/** How leads' times, money and names are written on screen. Times are shown in Europe/Paris. */
import { addDaysToDate, parisDay, ZONE as TZ } from '../../../../common/paris';
import type { ClockState } from '../../../../common/sla';

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * One formatter per locale and options, kept: building an Intl.DateTimeFormat costs about a
 * thousand times formatting with it, and a list of 200 leads asks for several per row at each
 * render (the queue took seconds to show on a loaded machine).
 */
export function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale} ${JSON.stringify(options)}`;
  let format = formatters.get(key);
  if (!format) formatters.set(key, (format = new Intl.DateTimeFormat(locale, options)));
  return format;
}

export function parisDateTime(ms: number, locale: string): string {
  return dateFormat(locale, { timeZone: TZ, dateStyle: 'short', timeStyle: 'short' }).format(ms);
}

export function parisDate(ms: number, locale: string): string {
  return dateFormat(locale, { timeZone: TZ, dateStyle: 'medium' }).format(ms);
}

/** A local date YYYY-MM-DD as the user reads it. */
export function localDate(iso: string, locale: string): string {
  return dateFormat(locale, { timeZone: 'UTC', dateStyle: 'medium' }).format(Date.parse(`${iso}T00:00:00Z`));
}

/** Today + `days` in Paris, as YYYY-MM-DD. */
export function parisDayPlus(days: number, now = Date.now()): string {
  return addDaysToDate(parisDay(now), days);
}

export function euros(cents: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }).format(cents / 100);
}

export function personName(lead: { civility: string; firstName: string; lastName: string; company: string; id: number }): string {
  const name = [lead.firstName, lead.lastName].filter(Boolean).join(' ');
  return name || lead.company || `#${lead.id}`;
}

export const TEMPERATURE_COLOR = { hot: 'error', warm: 'warning', cold: 'info' } as const;

/** The colour of an SLA clock's state (common/sla.ts says which state it is in). */
export const CLOCK_COLOR: Record<ClockState, string> = { ok: 'success', at_risk: 'warning', late: 'error' };
