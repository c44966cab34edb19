/**
 * What a member is, in the values the core and the screens share: its kinds, and what a new
 * member holds before anyone fills it in (the member form's blank, and the network import's
 * values for the columns a file leaves out).
 */

export const MEMBER_KINDS = ['installer', 'reseller', 'distributor', 'agency'] as const;
export type MemberKind = (typeof MEMBER_KINDS)[number];

/** A fresh copy each call: the product lines array is the caller's to fill. */
export function newMemberValues() {
  return {
    code: '',
    siret: '',
    name: '',
    kind: 'installer' as MemberKind,
    contactName: '',
    email: '',
    phone: '',
    address: '',
    postalCode: '',
    city: '',
    capacityPerWeek: 10,
    priorityCoefficient: 1,
    radiusKm: 30,
    productLines: [] as string[],
    active: true,
  };
}
