/**
 * Spreadsheet formula injection: a text cell starting with = + - @ (or a tab / carriage return)
 * is run as a formula by Excel and LibreOffice. Such cells get a leading apostrophe, except
 * values that are plainly phone numbers ("+33 6 12 34 56 78"), which people expect to read as is.
 */
const DANGEROUS = /^[=+\-@\t\r]/;
const PHONE = /^\+\d[\d .()-]{5,24}$/;

export function isPhoneLike(value: string): boolean {
  return PHONE.test(value) && (value.match(/\d/g)?.length ?? 0) >= 6;
}

export function safeCell(value: string): string {
  return DANGEROUS.test(value) && !isPhoneLike(value) ? `'${value}` : value;
}
