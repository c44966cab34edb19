/** What a member is, as the commands accept and return it. */
import { z } from 'zod';

export const MEMBER_KINDS = ['installer', 'reseller', 'distributor', 'agency'] as const;

const text = (max: number) => z.string().trim().max(max, `At most ${max} characters`);

export const memberFields = z.object({
  name: z.string().trim().min(2, 'Name needs at least 2 characters').max(120, 'At most 120 characters'),
  kind: z.enum(MEMBER_KINDS, { message: `Kind must be one of: ${MEMBER_KINDS.join(', ')}` }),
  contactName: text(120).default(''),
  email: z.union([z.literal(''), z.email('Not a valid e-mail address').max(254)]).default(''),
  phone: text(30)
    .regex(/^[+\d][\d .\-()]*$/, 'A phone number has digits, spaces, dots, dashes and an optional leading +')
    .or(z.literal(''))
    .default(''),
  address: text(200).default(''),
  postalCode: z.string().trim().regex(/^\d{5}$/, 'A French postal code has 5 digits'),
  city: z.string().trim().min(1, 'City is required').max(120, 'At most 120 characters'),
  lat: z.number().min(-90).max(90).nullable().default(null),
  lon: z.number().min(-180).max(180).nullable().default(null),
  capacityPerWeek: z.number().int('Capacity is a whole number of leads').min(0, 'Capacity cannot be negative').max(10_000, 'At most 10,000 leads a week'),
  priorityCoefficient: z.number().min(0.1, 'Coefficient between 0.1 and 10').max(10, 'Coefficient between 0.1 and 10'),
  radiusKm: z.number().min(0, 'Radius cannot be negative').max(300, 'At most 300 km'),
  productLines: z.array(z.string().trim().min(1).max(40)).max(20, 'At most 20 product lines').default([]),
  active: z.boolean().default(true),
});

export type MemberFields = z.output<typeof memberFields>;

export interface Member extends MemberFields {
  id: number;
  departement: string;
  archivedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export const memberId = z.object({ id: z.number().int().positive() });
