import { describe, expect, it } from 'vitest';
import { compactSiret, isValidSiret } from './siret';

describe('SIRET', () => {
  it.each([
    ['73282932000074', true], // a real establishment (Luhn)
    ['36252187900035', true],
    ['36252187900036', false], // last digit changed
    ['35600000000048', true], // La Poste head office: Luhn holds too
    ['35600000049837', true], // La Poste establishment: digit sum 45, Luhn fails
    ['35600000049838', false], // La Poste, digit sum 46
    ['36252187900034', false], // its digits sum to 50, but that excuse is La Poste's only
    ['7328293200007', false], // 13 digits
    ['7328293200007A', false],
  ])('%s is valid: %s', (siret, valid) => {
    expect(isValidSiret(siret)).toBe(valid);
  });

  it('is compacted from the ways people write it', () => {
    expect(compactSiret('732 829 320 00074')).toBe('73282932000074');
    expect(compactSiret('732.829.320-00074')).toBe('73282932000074');
    expect(compactSiret('732\u00a0829\u00a0320\u00a000074')).toBe('73282932000074');
  });
});
