/**
 * Entering and leaving a member's row-level security scope (PostgreSQL; SQLite has none and both
 * functions leave it alone). What the policies let through is the access matrix's business
 * (core/extranet/row-security.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { testContext } from '../test-support';
import { actAsMember, asHeadOffice, MEMBER_ROLE } from './row-security';

const member = { memberId: 7, userId: 3, role: 'salesperson' as const };

describe('a member’s row-security scope', () => {
  it.skipIf(process.env.AIGUILLAGE_TEST_ENGINE !== 'postgres')('lasts one transaction, is left for the head office’s part and entered again after it, even when that part fails', () => {
    const { db } = testContext();
    const whoAmI = () => db.prepare("SELECT current_user AS role, current_setting('aiguillage.member_id', true) AS member").get();
    const session = whoAmI();
    expect(() => actAsMember(db, member)).toThrow(/inside a transaction/);
    db.transaction(() => {
      actAsMember(db, member);
      expect(whoAmI()).toEqual({ role: MEMBER_ROLE, member: '7' });
      expect(asHeadOffice(db, () => whoAmI())).toMatchObject({ role: (session as { role: string }).role });
      expect(() =>
        asHeadOffice(db, () =>
          db.transaction(
            () =>
              whoAmI() &&
              (() => {
                throw new Error('re-routing failed');
              })(),
          )(),
        ),
      ).toThrow('re-routing failed');
      expect(whoAmI()).toEqual({ role: MEMBER_ROLE, member: '7' });
    })();
    // The setting outlives the transaction as an empty placeholder, which the policies read as no member.
    expect(whoAmI()).toMatchObject({ role: (session as { role: string }).role, member: expect.toBeOneOf([null, '']) });
  });

  it.skipIf(process.env.AIGUILLAGE_TEST_ENGINE === 'postgres')('changes nothing on SQLite', () => {
    const { db } = testContext();
    db.transaction(() => {
      actAsMember(db, member);
      expect(asHeadOffice(db, () => 42)).toBe(42);
    })();
  });
});
