import { describe, expect, it } from 'vitest';
import { readBudget, readTimeline } from './bant-text';

describe('budget cells', () => {
  it.each([
    ['15 000 €', 15_000],
    ['15000€', 15_000],
    ['15 000 EUR', 15_000],
    ['15000 euros', 15_000],
    ['€15,000', 15_000],
    ['EUR 15.000', 15_000],
    ['15000e', 15_000],
    ['15k€', 15_000],
    ['15 k€', 15_000],
    ['15K', 15_000],
    ['15 keur', 15_000],
    ['15 k euros', 15_000],
    ['1,5 k€', 1_500],
    ['1.5k', 1_500],
    ['15 mille euros', 15_000],
    ['1 M€', 1_000_000],
    ['1,2 million d’euros', 1_200_000],
    ['2 millions', 2_000_000],
    ['15 000,50 € TTC', 15_000.5],
    ['15,000.50', 15_000.5],
    ["15'000 CHF".replace(' CHF', ''), 15_000],
    ['8000', 8_000],
    ['8 000 € HT environ', 8_000],
    ['~ 8000 €', 8_000],
    ['15 000 € (env.)', 15_000],
    ['entre 10 et 20 k€', 10_000],
    ['10-20k€', 10_000],
    ['10k - 20k', 10_000],
    ['de 10 000 à 20 000 €', 10_000],
    ['10 à 20 000 €', 10_000],
    ['between 10 and 20k', 10_000],
    ['500 à 1500 €', 500],
    ['1 à 2 M€', 1_000_000],
    ['20 000 - 10 000', 10_000],
    ['< 10 000 €', 10_000],
    ['moins de 5k€', 5_000],
    ["jusqu'à 8 000 €", 8_000],
    ['max 12k', 12_000],
    ['up to 5k', 5_000],
    ['> 20 k€', 20_000],
    ['plus de 30 000 €', 30_000],
    ['au moins 10k', 10_000],
    ['at least 10k', 10_000],
    ['20k+', 20_000],
    ['budget : 12 000 €', 12_000],
  ])('reads "%s" as %d €', (text, expected) => {
    expect(readBudget(text)).toEqual({ value: Math.round(expected * 100) });
  });

  it.each(['', '  ', '-', 'NC', 'N/A', 'nsp', 'Ne sait pas', 'inconnu', '?', 'à définir', 'unknown', 'TBD'])('takes "%s" as no answer, without a warning', (text) => {
    expect(readBudget(text)).toEqual({ value: null });
  });

  it.each([
    ['selon devis', 'no amount'],
    ['15 000 $', 'not in euros'],
    ['10 000 USD', 'not in euros'],
    ['£5k', 'not in euros'],
    ['15k€ pour la PAC', 'unknown words'],
    ['5k, 10k ou 15k', 'more than two amounts'],
    ['999999999999 €', 'implausible'],
    ['pas de budget', 'no amount'],
  ])('does not read "%s" (%s): no value, a warning quoting the text', (text, why) => {
    const r = readBudget(text);
    expect(r.value).toBeNull();
    expect(r.warning).toContain(`"${text}"`);
    expect(r.warning).toContain(why);
  });
});

describe('timeline cells', () => {
  const received = Date.UTC(2026, 9, 15); // 15 October 2026
  it.each([
    ['dès que possible', 'immediate'],
    ['ASAP', 'immediate'],
    ['asap !', 'immediate'],
    ['Immédiatement', 'immediate'],
    ['urgent', 'immediate'],
    ['As soon as possible', 'immediate'],
    ['tout de suite', 'immediate'],
    ['< 1 mois', 'immediate'],
    ['sous 15 jours', 'immediate'],
    ['2 semaines', 'immediate'],
    ['within 2 weeks', 'immediate'],
    ['this month', 'immediate'],
    ['< 3 mois', 'within_3_months'],
    ['moins de 3 mois', 'within_3_months'],
    ["d'ici 3 mois", 'within_3_months'],
    ['1-3 mois', 'within_3_months'],
    ['1 à 3 mois', 'within_3_months'],
    ['dans 2 mois', 'within_3_months'],
    ['within 3 months', 'within_3_months'],
    ['3 months', 'within_3_months'],
    ['3m', 'within_3_months'],
    ['trois mois', 'within_3_months'],
    ['ce trimestre', 'within_3_months'],
    ['next month', 'within_3_months'],
    ['3-6 mois', 'within_6_months'],
    ['3 à 6 mois', 'within_6_months'],
    ['entre 3 et 6 mois', 'within_6_months'],
    ['3 to 6 months', 'within_6_months'],
    ['> 3 mois', 'within_6_months'],
    ['plus de 3 mois', 'within_6_months'],
    ['sous 6 mois', 'within_6_months'],
    ['six mois', 'within_6_months'],
    ['moyen terme', 'within_6_months'],
    ['6-12 mois', 'later'],
    ['6 à 12 mois', 'later'],
    ['> 6 mois', 'later'],
    ['6+ months', 'later'],
    ['12 mois +', 'later'],
    ["plus d'un an", 'later'],
    ['1 an', 'later'],
    ['a year', 'later'],
    ['1-2 ans', 'later'],
    ["dans l'année", 'later'],
    ['cette année', 'later'],
    ["l'an prochain", 'later'],
    ['next year', 'later'],
    ['pas pressé', 'later'],
    ['long terme', 'later'],
    ['pas avant 6 mois', 'later'],
    ['novembre 2026', 'immediate'],
    ['décembre 2026', 'within_3_months'],
    ['01/2027', 'within_3_months'],
    ['2027-03', 'within_6_months'],
    ['printemps 2027', 'within_6_months'],
    ['Q2 2027', 'within_6_months'],
    ['T3 2027', 'later'],
    ['fin 2027', 'later'],
    ['mi-2027', 'later'],
    ['2028', 'later'],
    ['en mars 2027', 'within_6_months'],
    ['janvier', 'within_3_months'],
    ['septembre 2026', 'immediate'],
  ])('reads "%s" as %s', (text, expected) => {
    expect(readTimeline(text, received)).toEqual({ value: expected });
  });

  it.each(['', '-', 'NSP', 'non défini', "don't know", 'N/A'])('takes "%s" as no answer, without a warning', (text) => {
    expect(readTimeline(text, received)).toEqual({ value: null });
  });

  it.each([
    ['quand il aura vendu sa maison', 'no delay or date'],
    ['3 mois ou 1 an ou 2 ans', 'more than two'],
    ['après les vacances', 'no delay or date'],
    ['3 mois selon financement', 'unknown words'],
    ['pas 3 mois', 'negation'],
    ['13/2027', 'no delay or date'],
  ])('does not read "%s" (%s): no value, a warning quoting the text', (text, why) => {
    const r = readTimeline(text, received);
    expect(r.value).toBeNull();
    expect(r.warning).toContain(`"${text}"`);
    expect(r.warning).toContain(why);
  });
});
