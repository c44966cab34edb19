/**
 * The fields a column of an imported file can fill: a lead file's (the import and leads.create
 * read them as text), a network file's member fields and its absence fields. Values, so the
 * mapping screens offer exactly the fields the core reads.
 */

export const LEAD_FILE_FIELDS = [
  'civility',
  'firstName',
  'lastName',
  'fullName',
  'phone',
  'mobile',
  'email',
  'company',
  'companySize',
  'address',
  'postalCode',
  'city',
  'country',
  'receivedAt',
  'source',
  'channel',
  'campaign',
  'product',
  'comment',
  'consent',
  'externalRef',
  'budget',
  'timeline',
  'departement',
] as const;
export type LeadFileField = (typeof LEAD_FILE_FIELDS)[number];

export const MEMBER_COLUMNS = [
  'code',
  'siret',
  'name',
  'kind',
  'contactName',
  'email',
  'phone',
  'address',
  'postalCode',
  'city',
  'lat',
  'lon',
  'radiusKm',
  'priorityCoefficient',
  'capacityPerWeek',
  'productLines',
  'active',
  'absences',
  'absenceStart',
  'absenceEnd',
  'absenceReason',
] as const;
export type MemberColumn = (typeof MEMBER_COLUMNS)[number];

export const ABSENCE_COLUMNS = ['code', 'siret', 'startsOn', 'endsOn', 'reason'] as const;
export type AbsenceColumn = (typeof ABSENCE_COLUMNS)[number];
