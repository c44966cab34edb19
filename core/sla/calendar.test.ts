import { describe, expect, it } from 'vitest';
import { businessHoursSchema } from './calendar';
import { DEFAULT_BUSINESS_HOURS } from '../../common/business-hours';

describe('business calendar setting', () => {
  it('reads an empty setting as the default calendar', () => {
    expect(businessHoursSchema.parse({})).toEqual(DEFAULT_BUSINESS_HOURS);
  });

  it('refuses a calendar that closes before it opens', () => {
    expect(businessHoursSchema.safeParse({ opens: '18:00', closes: '09:00' }).success).toBe(false);
  });

  it('refuses a time zone the runtime does not know', () => {
    expect(businessHoursSchema.safeParse({ timeZone: 'Europe/Atlantis' }).success).toBe(false);
    expect(businessHoursSchema.safeParse({ timeZone: '+02:00' }).success).toBe(false);
  });
});
