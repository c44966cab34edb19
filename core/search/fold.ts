/** Folds text for matching: no accents, lower case ("Évry" and "evry" compare equal). */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
}
