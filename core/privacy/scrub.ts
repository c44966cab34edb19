/**
 * What anonymising keeps of an event's data: numbers, booleans and codes (statuses,
 * temperatures, qualification answers, source...), which the statistics and the timeline need;
 * never what a person typed or was told (names, phones, reasons, import warnings quoting a
 * value). Text is kept by key, so a new free-text field added to some event is erased by
 * default rather than kept by mistake.
 */

/** Lead fields, as events name them ("updated" changes, a "merged" lead), that identify the person. */
const PERSONAL_FIELDS = new Set(['civility', 'firstName', 'lastName', 'phone', 'email', 'company', 'address', 'comment', 'externalRef', 'extra', 'budgetText', 'timelineText']);

/** Keys whose text is a code chosen from a list or a non-personal lead field. */
const CODE_KEYS = new Set([
  'via',
  'from',
  'to',
  'status',
  'temperature',
  'suggestedTemperature',
  'after',
  'requalifyOn',
  'authority',
  'need',
  'timeline',
  'interest',
  'timing',
  'source',
  'channel',
  'campaign',
  'product',
  'postalCode',
  'city',
  'departement',
  'country',
  'geoPrecision',
  'insee',
]);

export function scrubEventData(value: unknown, key = ''): unknown {
  if (PERSONAL_FIELDS.has(key)) return null;
  if (typeof value === 'string') return CODE_KEYS.has(key) ? value : null;
  if (Array.isArray(value)) return value.map((v) => scrubEventData(v, key));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubEventData(v, k)]));
  return value;
}
