import { describe, expect, it } from 'vitest';
import { canonicalPostalCode, placeKey } from './names';

describe('place keys', () => {
  it('folds accents, case, hyphens and apostrophes', () => {
    expect(placeKey("Villeneuve-d'Ascq")).toBe('villeneuve d ascq');
    expect(placeKey('SAINT ÉTIENNE')).toBe(placeKey('saint-etienne'));
    expect(placeKey('Œuilly')).toBe('oeuilly');
  });
  it('expands ST/STE and drops CEDEX with its number', () => {
    expect(placeKey('ST ETIENNE CEDEX 1')).toBe('saint etienne');
    expect(placeKey('Ste Foy les Lyon')).toBe('sainte foy les lyon');
  });
  it('writes every spelling of an arrondissement the same way', () => {
    for (const s of ['Paris 11e Arrondissement', 'PARIS 11', 'paris 11ème', 'Paris 11eme arr', 'Paris 11e']) expect(placeKey(s)).toBe('paris 11');
    expect(placeKey('Marseille 1er Arrondissement')).toBe('marseille 1');
    expect(placeKey('Lyon 03')).toBe('lyon 3');
  });
  it('restores a lost leading zero and rejects what is no postal code', () => {
    expect(canonicalPostalCode('1000')).toBe('01000');
    expect(canonicalPostalCode('75 011')).toBe('75011');
    expect(canonicalPostalCode('750')).toBeNull();
  });
});
