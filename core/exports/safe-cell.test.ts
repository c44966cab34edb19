import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeCell } from './safe-cell';

describe('safe spreadsheet cells', () => {
  it('neutralises every text that a spreadsheet would run as a formula', () => {
    fc.assert(
      fc.property(fc.constantFrom('=', '+', '-', '@', '\t', '\r'), fc.string(), (first, rest) => {
        const value = first + rest;
        const out = safeCell(value);
        const phone = /^\+\d[\d .()-]{5,24}$/.test(value);
        return (out === `'${value}` || (phone && out === value)) && out.endsWith(value);
      }),
    );
  });

  it('leaves other text unchanged', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !/^[=+\-@\t\r]/.test(s)),
        (value) => safeCell(value) === value,
      ),
    );
  });

  it('keeps phone numbers readable but not formulas dressed as phones', () => {
    expect(safeCell('+33 6 12 34 56 78')).toBe('+33 6 12 34 56 78');
    expect(safeCell('+33612345678')).toBe('+33612345678');
    expect(safeCell('+1+1')).toBe("'+1+1");
    expect(safeCell('=HYPERLINK("http://x")')).toBe(`'=HYPERLINK("http://x")`);
    expect(safeCell('-2+3')).toBe("'-2+3");
    expect(safeCell('@SUM(A1)')).toBe("'@SUM(A1)");
  });
});
