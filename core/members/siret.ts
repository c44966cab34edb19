/**
 * SIRET: the 14-digit number of a French business establishment (9-digit SIREN + 5-digit
 * establishment number), protected by a Luhn check. La Poste's establishments share the SIREN
 * 356 000 000 and there are more of them than the Luhn key can number: theirs are valid when
 * the sum of their digits is a multiple of 5 (INSEE's published exception).
 */
const LA_POSTE_SIREN = '356000000';

/** Digits only: "362 521 879 00034" and "36252187900034" are the same SIRET. */
export function compactSiret(s: string): string {
  return s.replace(/[\s.\-\u00a0]/g, '');
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/** Whether a compact SIRET has 14 digits and a valid key. */
export function isValidSiret(siret: string): boolean {
  if (!/^\d{14}$/.test(siret)) return false;
  if (luhn(siret)) return true;
  if (!siret.startsWith(LA_POSTE_SIREN)) return false;
  let sum = 0;
  for (const c of siret) sum += c.charCodeAt(0) - 48;
  return sum % 5 === 0;
}
