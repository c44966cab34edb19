import { describe, expect, it } from 'vitest';
import { geocode, type GeocodeResult } from './geocoder';

function inseeOf(r: GeocodeResult): string | undefined {
  return r.found ? r.commune?.insee : undefined;
}

describe('geocoding', () => {
  describe('Paris, Lyon and Marseille', () => {
    it('puts "75011 PARIS" in the 11th arrondissement', () => {
      const r = geocode({ city: '75011 PARIS' });
      expect(inseeOf(r)).toBe('75111');
      expect(r.found && r.commune?.postalCode).toBe('75011');
      expect(r.found && r.precision).toBe('commune');
    });
    it('reads "Paris 11e", "PARIS 11" and a postal code field the same way', () => {
      expect(inseeOf(geocode({ city: 'Paris 11e' }))).toBe('75111');
      expect(inseeOf(geocode({ city: 'PARIS 11' }))).toBe('75111');
      expect(inseeOf(geocode({ postalCode: '75011', city: 'Paris' }))).toBe('75111');
    });
    it('drops "CEDEX 11" and places the lead in Paris', () => {
      const r = geocode({ city: 'PARIS CEDEX 11' });
      expect(inseeOf(r)).toBe('75056');
      expect(r.found && r.departement).toBe('75');
    });
    it('falls back to the city name when the CEDEX code is no real postal code', () => {
      expect(inseeOf(geocode({ postalCode: '75543', city: 'PARIS CEDEX 11' }))).toBe('75056');
      expect(inseeOf(geocode({ postalCode: '69441', city: 'LYON CEDEX 03' }))).toBe('69123');
    });
    it('finds the arrondissements of Marseille and Lyon', () => {
      expect(inseeOf(geocode({ city: '13008 Marseille' }))).toBe('13208');
      expect(inseeOf(geocode({ city: '69003 LYON 3EME' }))).toBe('69383');
      expect(inseeOf(geocode({ city: 'Lyon 3ème' }))).toBe('69383');
    });
  });

  describe('names as people type them', () => {
    it('reads "ST ETIENNE" with 42000 as Saint-Étienne', () => {
      expect(inseeOf(geocode({ postalCode: '42000', city: 'ST ETIENNE' }))).toBe('42218');
    });
    it('finds Saint-Étienne-du-Rouvray by name alone', () => {
      expect(inseeOf(geocode({ city: 'Saint-Étienne-du-Rouvray' }))).toBe('76575');
    });
    it('ignores accents, case, hyphens and apostrophes', () => {
      for (const city of ['st etienne du rouvray', 'SAINT ETIENNE DU ROUVRAY', 'Saint Étienne-du Rouvray']) {
        expect(inseeOf(geocode({ city }))).toBe('76575');
      }
      expect(inseeOf(geocode({ city: 'VILLENEUVE D ASCQ' }))).toBe('59009');
      expect(inseeOf(geocode({ city: "villeneuve-d'ascq" }))).toBe('59009');
    });
    it('restores the leading zero a spreadsheet dropped', () => {
      expect(inseeOf(geocode({ city: '1000 Bourg en Bresse' }))).toBe('01053');
      expect(inseeOf(geocode({ postalCode: '1000', city: 'Bourg-en-Bresse' }))).toBe('01053');
    });
    it('takes the postal code and city from the end of an address line', () => {
      expect(inseeOf(geocode({ address: '12 rue de la Paix 75002 Paris' }))).toBe('75102');
    });
  });

  describe('when the answer is not one commune', () => {
    it('says not found for an unknown commune', () => {
      const r = geocode({ city: 'Trucmuche-les-Bains' });
      expect(r).toMatchObject({ found: false, reason: 'not_found' });
    });
    it('lists the namesakes of "Saint-Denis" without a postal code', () => {
      const r = geocode({ city: 'Saint-Denis' });
      expect(r).toMatchObject({ found: false, reason: 'ambiguous' });
      expect(r.candidates.map((c) => c.insee)).toEqual(expect.arrayContaining(['93066', '97411']));
    });
    it('places a shared postal code at its most populous commune and lists them all', () => {
      const r = geocode({ postalCode: '01400' });
      expect(r.found && r.precision).toBe('postal_code');
      expect(r.found && r.commune).toBeUndefined();
      expect(r.candidates.length).toBeGreaterThan(5);
      expect(r.candidates.every((c) => c.postalCode === '01400')).toBe(true);
      const populations = r.candidates.map((c) => c.population);
      expect(populations).toEqual([...populations].sort((a, b) => b - a));
    });
    it('picks the named commune among those sharing a postal code', () => {
      const r = geocode({ postalCode: '01400', city: "L'Abergement-Clémenciat" });
      expect(inseeOf(r)).toBe('01001');
    });
    it('falls back to the département centre for an unknown postal code of a known département', () => {
      const r = geocode({ postalCode: '33999' });
      expect(r).toMatchObject({ found: true, precision: 'departement', departement: '33' });
    });
    it('asks for something when given nothing', () => {
      expect(geocode({})).toMatchObject({ found: false, reason: 'empty' });
    });
  });
});
