import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOGUE } from './defaults';
import { loadCatalogue } from './catalogue';
import { productKey } from './normalise';
import { testContext } from '../test-support';

const catalogue = () => loadCatalogue(testContext().db);

describe('product keys', () => {
  it.each([
    ['Solaire', 'solaire'],
    ['POELE GRANULES', 'Poêle à granulés'],
    ['PAC Air/Eau', 'pac air-eau'],
    ['  Pompe  à   chaleur AIR-EAU ', 'pompe a chaleur air eau'],
    ['Isolation des combles', 'ISOLATION COMBLES'],
    ['Chauffe-eau thermo.', 'chauffe eau thermo'],
    ['Panneaux solaires', 'panneau solaire'],
  ])('%s and %s share a key', (a, b) => {
    expect(productKey(a)).toBe(productKey(b));
    expect(productKey(a)).not.toBe('');
  });

  it.each([
    ['PAC air-eau', 'PAC air-air'],
    ['Solaire', 'Solaire thermique'],
    ['Poêle à bois', 'Poêle à granulés'],
  ])('%s and %s differ', (a, b) => expect(productKey(a)).not.toBe(productKey(b)));

  it('has no key for a label without a letter or digit', () => {
    expect(productKey(' - / ')).toBe('');
  });

  it('gives the default catalogue one key per name or synonym', () => {
    const keys = DEFAULT_CATALOGUE.flatMap((l) => [l.name, ...l.synonyms]).map(productKey);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('the default catalogue', () => {
  it.each([
    ['PAC Air/Eau', 'Pompe à chaleur air-eau'],
    ['pac air-eau', 'Pompe à chaleur air-eau'],
    ['Pompe à chaleur air-eau', 'Pompe à chaleur air-eau'],
    ['Aérothermie', 'Pompe à chaleur air-eau'],
    ['AEROTHERMIE', 'Pompe à chaleur air-eau'],
    ['Solaire', 'Photovoltaïque'],
    ['solaire', 'Photovoltaïque'],
    ['POELE GRANULES', 'Poêle à granulés'],
    ['Clim réversible', 'Pompe à chaleur air-air'],
    ['C.E.T.', 'Chauffe-eau thermodynamique'],
    ['ITE', 'Isolation des murs'],
  ])('resolves %s to %s', (label, line) => {
    expect(catalogue().resolve(label)?.name).toBe(line);
  });

  it('knows nothing of a label it has no synonym for', () => {
    expect(catalogue().resolve('Chaudière gaz')).toBeNull();
    expect(catalogue().resolve('')).toBeNull();
  });

  it.each([
    ['Pompe a chaleur air/eau Daikin', 'Pompe à chaleur air-eau'],
    ['Photovoltaique (panneaux)', 'Photovoltaïque'],
    ['Poêle granulés étanche', 'Poêle à granulés'],
    ['Isolation combles perdues', 'Isolation des combles'],
    ['Chauffe eau thermodinamique', 'Chauffe-eau thermodynamique'],
    ['Borne de recharge voiture', 'Borne de recharge'],
  ])('proposes for %s the line %s', (label, line) => {
    const c = catalogue();
    expect(c.resolve(label)).toBeNull();
    expect(c.propose(label)).toMatchObject({ lineName: line });
  });

  it('reads three-letter acronyms, not two-letter chance ones', () => {
    // "AA" (air-air) is not "Atlantic Alféa"; "PAC" is a heat pump.
    expect(catalogue().propose('PAC Atlantic Alféa')).toMatchObject({ lineName: 'Pompe à chaleur air-eau' });
    expect(catalogue().propose('Chauffe eau thermodynamique Atlantic')).toMatchObject({ lineName: 'Chauffe-eau thermodynamique' });
    expect(catalogue().propose('isolation thermique exterieure')).toMatchObject({ lineName: 'Isolation des murs' });
  });

  it('proposes nothing for a label like no line', () => {
    expect(catalogue().propose('Assurance habitation')).toBeNull();
  });

  it('gives a member its lines by their catalogue names, once, keeping and reporting unknown labels', () => {
    expect(catalogue().canonical(['PAC air/eau', 'Aérothermie', 'solaire', 'Chaudière gaz', ' '])).toEqual({
      lines: ['Pompe à chaleur air-eau', 'Photovoltaïque', 'Chaudière gaz'],
      unknown: ['Chaudière gaz'],
    });
  });
});
