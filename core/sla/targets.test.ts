import { describe, expect, it } from 'vitest';
import { TZDate } from '@date-fns/tz';
import { clock, DEFAULT_SLA_TARGETS, slaTargetsSchema } from './targets';
import { DEFAULT_BUSINESS_HOURS, HOUR_MS } from './calendar';

const paris = (y: number, mo: number, d: number, h = 0, mi = 0) => new TZDate(y, mo - 1, d, h, mi, 'Europe/Paris').getTime();
const start = paris(2026, 11, 23, 10); // Monday 10:00

describe('SLA clocks', () => {
  it('give a hot lead 4 business hours to be accepted', () => {
    const c = clock('accept', 'hot', start, null, paris(2026, 11, 23, 11), DEFAULT_SLA_TARGETS, DEFAULT_BUSINESS_HOURS);
    expect(c).toMatchObject({ dueAt: paris(2026, 11, 23, 14), usedMs: HOUR_MS, allowedMs: 4 * HOUR_MS, state: 'running' });
  });

  it('turn amber after three quarters of the time', () => {
    expect(clock('accept', 'hot', start, null, paris(2026, 11, 23, 13, 1), DEFAULT_SLA_TARGETS, DEFAULT_BUSINESS_HOURS).state).toBe('at_risk');
  });

  it('are breached once the deadline has passed while running', () => {
    expect(clock('accept', 'hot', start, null, paris(2026, 11, 23, 14, 1), DEFAULT_SLA_TARGETS, DEFAULT_BUSINESS_HOURS).state).toBe('breached');
  });

  it('are met or missed once stopped, whatever the time now', () => {
    const late = paris(2026, 11, 30, 10);
    expect(clock('accept', 'hot', start, paris(2026, 11, 23, 13), late, DEFAULT_SLA_TARGETS, DEFAULT_BUSINESS_HOURS).state).toBe('met');
    expect(clock('accept', 'hot', start, paris(2026, 11, 24, 9, 30), late, DEFAULT_SLA_TARGETS, DEFAULT_BUSINESS_HOURS).state).toBe('missed');
  });

  it('do not run over the night or the weekend', () => {
    // Friday 17:00 + warm accept 8 h -> Monday 16:00; Saturday noon it has used 1 h only.
    const friday = paris(2026, 11, 27, 17);
    const c = clock('accept', 'warm', friday, null, paris(2026, 11, 28, 12), DEFAULT_SLA_TARGETS, DEFAULT_BUSINESS_HOURS);
    expect(c).toMatchObject({ dueAt: paris(2026, 11, 30, 16), usedMs: HOUR_MS, state: 'running' });
  });

  it('refuse targets of zero hours', () => {
    expect(slaTargetsSchema.safeParse({ hot: { accept: 0, contact: 24, quote: 72 } }).success).toBe(false);
  });
});
