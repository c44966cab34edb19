/**
 * French départements: code -> name, and the département of a postal code.
 * Postal codes mostly start with the département code; Corsica (20xxx -> 2A / 2B) and the
 * overseas départements (97x) are the exceptions handled here.
 */
import { fold } from '../search/fold';

export const DEPARTEMENTS: Readonly<Record<string, string>> = {
  '01': 'Ain',
  '02': 'Aisne',
  '03': 'Allier',
  '04': 'Alpes-de-Haute-Provence',
  '05': 'Hautes-Alpes',
  '06': 'Alpes-Maritimes',
  '07': 'Ardèche',
  '08': 'Ardennes',
  '09': 'Ariège',
  '10': 'Aube',
  '11': 'Aude',
  '12': 'Aveyron',
  '13': 'Bouches-du-Rhône',
  '14': 'Calvados',
  '15': 'Cantal',
  '16': 'Charente',
  '17': 'Charente-Maritime',
  '18': 'Cher',
  '19': 'Corrèze',
  '2A': 'Corse-du-Sud',
  '2B': 'Haute-Corse',
  '21': "Côte-d'Or",
  '22': "Côtes-d'Armor",
  '23': 'Creuse',
  '24': 'Dordogne',
  '25': 'Doubs',
  '26': 'Drôme',
  '27': 'Eure',
  '28': 'Eure-et-Loir',
  '29': 'Finistère',
  '30': 'Gard',
  '31': 'Haute-Garonne',
  '32': 'Gers',
  '33': 'Gironde',
  '34': 'Hérault',
  '35': 'Ille-et-Vilaine',
  '36': 'Indre',
  '37': 'Indre-et-Loire',
  '38': 'Isère',
  '39': 'Jura',
  '40': 'Landes',
  '41': 'Loir-et-Cher',
  '42': 'Loire',
  '43': 'Haute-Loire',
  '44': 'Loire-Atlantique',
  '45': 'Loiret',
  '46': 'Lot',
  '47': 'Lot-et-Garonne',
  '48': 'Lozère',
  '49': 'Maine-et-Loire',
  '50': 'Manche',
  '51': 'Marne',
  '52': 'Haute-Marne',
  '53': 'Mayenne',
  '54': 'Meurthe-et-Moselle',
  '55': 'Meuse',
  '56': 'Morbihan',
  '57': 'Moselle',
  '58': 'Nièvre',
  '59': 'Nord',
  '60': 'Oise',
  '61': 'Orne',
  '62': 'Pas-de-Calais',
  '63': 'Puy-de-Dôme',
  '64': 'Pyrénées-Atlantiques',
  '65': 'Hautes-Pyrénées',
  '66': 'Pyrénées-Orientales',
  '67': 'Bas-Rhin',
  '68': 'Haut-Rhin',
  '69': 'Rhône',
  '70': 'Haute-Saône',
  '71': 'Saône-et-Loire',
  '72': 'Sarthe',
  '73': 'Savoie',
  '74': 'Haute-Savoie',
  '75': 'Paris',
  '76': 'Seine-Maritime',
  '77': 'Seine-et-Marne',
  '78': 'Yvelines',
  '79': 'Deux-Sèvres',
  '80': 'Somme',
  '81': 'Tarn',
  '82': 'Tarn-et-Garonne',
  '83': 'Var',
  '84': 'Vaucluse',
  '85': 'Vendée',
  '86': 'Vienne',
  '87': 'Haute-Vienne',
  '88': 'Vosges',
  '89': 'Yonne',
  '90': 'Territoire de Belfort',
  '91': 'Essonne',
  '92': 'Hauts-de-Seine',
  '93': 'Seine-Saint-Denis',
  '94': 'Val-de-Marne',
  '95': "Val-d'Oise",
  '971': 'Guadeloupe',
  '972': 'Martinique',
  '973': 'Guyane',
  '974': 'La Réunion',
  '976': 'Mayotte',
};

/** The département code of a 5-digit postal code, or null when no département matches. */
export function departementOfPostalCode(postalCode: string): string | null {
  if (!/^\d{5}$/.test(postalCode)) return null;
  if (postalCode.startsWith('97')) {
    const code = postalCode.slice(0, 3);
    return code in DEPARTEMENTS ? code : null;
  }
  if (postalCode.startsWith('20')) {
    // 200xx and 201xx are Corse-du-Sud, 202xx-206xx Haute-Corse.
    return Number(postalCode.slice(2, 3)) <= 1 ? '2A' : '2B';
  }
  const code = postalCode.slice(0, 2);
  return code !== '00' && code in DEPARTEMENTS ? code : null;
}

const BY_NAME = new Map(
  Object.entries(DEPARTEMENTS).map(([code, name]) => [
    fold(name)
      .replace(/[^a-z]+/g, ' ')
      .trim(),
    code,
  ]),
);

/**
 * A département as files write it: "26", "1" (Ain, its 0 lost), "2A", "Drôme", "26 - Drôme",
 * "DROME (26)". Null when it names none.
 */
export function readDepartement(raw: string): string | null {
  const text = raw.trim();
  if (!text) return null;
  const code = /^(?:(\d{1,3}|2[AaBb])\b)|\((\d{1,3}|2[AaBb])\)\s*$/.exec(text);
  const digits = code?.[1] ?? code?.[2];
  if (digits) {
    const padded = /^\d$/.test(digits) ? `0${digits}` : digits.toUpperCase();
    if (Object.hasOwn(DEPARTEMENTS, padded)) return padded;
  }
  const name = fold(text)
    .replace(/[^a-z]+/g, ' ')
    .trim();
  return BY_NAME.get(name) ?? null;
}
