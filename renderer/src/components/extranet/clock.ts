/** How the extranet words a lead's acceptance clock (the SLA model's instants, common/sla.ts). */
import { ZONE } from '../../../../common/paris';
import { dateFormat } from '../leads/format';

/** The time left, in the largest unit that reads well on a phone: "3 h 20 min", "2 days". */
export function timeLeft(ms: number, locale: string): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  const unit = (value: number, u: 'minute' | 'hour' | 'day') => new Intl.NumberFormat(locale, { style: 'unit', unit: u, unitDisplay: u === 'day' ? 'long' : 'short' }).format(value);
  if (minutes < 60) return unit(minutes, 'minute');
  if (minutes < 48 * 60) return `${unit(Math.floor(minutes / 60), 'hour')} ${minutes % 60 ? unit(minutes % 60, 'minute') : ''}`.trim();
  return unit(Math.floor(minutes / (24 * 60)), 'day');
}

/** A deadline as a day and time in Paris: "lun. 14:00". */
export function deadline(ms: number, locale: string): string {
  return dateFormat(locale, { timeZone: ZONE, weekday: 'short', hour: '2-digit', minute: '2-digit' }).format(ms);
}
