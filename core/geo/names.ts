/**
 * Place-name keys shared by the data build and the geocoder, so that a name typed in a lead
 * ("ST ETIENNE CEDEX 1", "Paris 11e", "saint-etienne-du-rouvray") and the official name
 * ("Saint-Étienne", "Paris 11e Arrondissement") fold to the same key.
 */

/** Abbreviations written on envelopes and in CRM exports, expanded word by word. */
const ABBREVIATIONS: Readonly<Record<string, string>> = {
  st: 'saint',
  ste: 'sainte',
  sts: 'saints',
  stes: 'saintes',
};

/** The three cities split into arrondissements municipaux, with their INSEE code prefix. */
export const PLM_CITIES: Readonly<Record<string, { insee: string; arrondissementPrefix: string }>> = {
  paris: { insee: '75056', arrondissementPrefix: '751' },
  lyon: { insee: '69123', arrondissementPrefix: '6938' },
  marseille: { insee: '13055', arrondissementPrefix: '132' },
};

// "paris 11", "paris 11e", "paris 11eme", "lyon 3ème arrondissement", "marseille 1er arr".
const ARRONDISSEMENT = /^(paris|lyon|marseille) 0?(\d{1,2}) ?(?:er|e|eme|ieme|em|me|d|nd)?(?: arr(?:ondissement)?)?$/;

/**
 * Lower case without accents. Same result as search/fold for French names, but the combining
 * range is far quicker than \p{Diacritic}, and the index folds 60,000 names at load.
 */
function foldLatin(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/**
 * The comparison key of a place name: no accents or case, hyphens/apostrophes/dots as spaces,
 * "st"/"ste" as "saint"/"sainte", CEDEX and what follows dropped, arrondissements as "paris 11".
 */
export function placeKey(name: string): string {
  const words = foldLatin(name)
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
  const cedex = words.indexOf('cedex');
  const kept = cedex >= 0 ? words.slice(0, cedex) : words;
  const key = kept.map((w) => (Object.hasOwn(ABBREVIATIONS, w) ? ABBREVIATIONS[w]! : w)).join(' ');
  const arr = ARRONDISSEMENT.exec(key);
  return arr ? `${arr[1]} ${Number(arr[2])}` : key;
}

/** True when the text carried a CEDEX mention: its postal code is then a business code. */
export function mentionsCedex(text: string): boolean {
  return /\bcedex\b/i.test(text);
}

/**
 * A postal code as typed, made canonical: spaces removed, a lost leading zero restored
 * ("1000" -> "01000", as spreadsheets do to Ain or Aisne codes). Null when it is not one.
 */
export function canonicalPostalCode(raw: string): string | null {
  const digits = raw.replace(/\s+/g, '');
  if (/^\d{5}$/.test(digits)) return digits;
  if (/^\d{4}$/.test(digits)) return `0${digits}`;
  return null;
}
