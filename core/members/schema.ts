/** What a member is, as the commands accept and return it. */
import { z } from 'zod';
import { zmsg } from '../language';
import { compactSiret } from './siret';
import { MEMBER_KINDS } from '../../common/members';

export { MEMBER_KINDS };

const atMost = (max: number) => zmsg(`At most ${max} characters`, `${max} caractères au plus`);
const text = (max: number) => z.string().trim().max(max, atMost(max));

/**
 * The network's own code for the member: letters, digits, - _ . / and spaces, as spreadsheets
 * carry them (plain character ranges, so the schema's JSON form can generate valid codes).
 */
export const memberCode = z
  .string()
  .trim()
  .max(40, atMost(40))
  .regex(
    /^([0-9A-Za-zÀ-ÖØ-öø-ÿ][0-9A-Za-zÀ-ÖØ-öø-ÿ_./ -]{0,39})?$/,
    zmsg('A member code has letters, digits, - _ . / and spaces', 'Un code membre contient des lettres, chiffres, - _ . / et espaces'),
  );

/**
 * Empty, or 14 digits (grouped by spaces or dots as people write them), stored compact. Its
 * check digit is verified by the commands (like a postal code's département), see siret.ts.
 */
export const siret = z.union([
  z.literal(''),
  z
    .string()
    .trim()
    .regex(/^\d{3}[\s.-]?\d{3}[\s.-]?\d{3}[\s.-]?\d{5}$/, zmsg('A SIRET has 14 digits', 'Un SIRET a 14 chiffres'))
    .overwrite(compactSiret),
]);

export const memberFields = z.object({
  code: memberCode.default(''),
  siret: siret.default(''),
  name: z.string().trim().min(2, zmsg('Name needs at least 2 characters', 'Le nom doit avoir au moins 2 caractères')).max(120, atMost(120)),
  kind: z.enum(MEMBER_KINDS, zmsg(`Kind must be one of: ${MEMBER_KINDS.join(', ')}`, `Le type doit être : ${MEMBER_KINDS.join(', ')}`)),
  contactName: text(120).default(''),
  email: z.union([z.literal(''), z.email(zmsg('Not a valid e-mail address', 'Adresse e-mail invalide')).max(254)], zmsg('Not a valid e-mail address', 'Adresse e-mail invalide')).default(''),
  phone: text(30)
    .regex(
      /^[+\d][\d .\-()]*$/,
      zmsg('A phone number has digits, spaces, dots, dashes and an optional leading +', 'Un numéro de téléphone contient des chiffres, espaces, points, tirets et un + initial facultatif'),
    )
    .or(z.literal(''))
    .default(''),
  address: text(200).default(''),
  postalCode: z
    .string(zmsg('A French postal code has 5 digits', 'Un code postal français a 5 chiffres'))
    .trim()
    .regex(/^\d{5}$/, zmsg('A French postal code has 5 digits', 'Un code postal français a 5 chiffres')),
  city: z.string(zmsg('City is required', 'La ville est obligatoire')).trim().min(1, zmsg('City is required', 'La ville est obligatoire')).max(120, atMost(120)),
  lat: z.number().min(-90).max(90).nullable().default(null),
  lon: z.number().min(-180).max(180).nullable().default(null),
  capacityPerWeek: z
    .number(zmsg('Capacity is a number of leads', 'La capacité est un nombre de leads'))
    .int(zmsg('Capacity is a whole number of leads', 'La capacité est un nombre entier de leads'))
    .min(0, zmsg('Capacity cannot be negative', 'La capacité ne peut pas être négative'))
    .max(10_000, zmsg('At most 10,000 leads a week', '10 000 leads par semaine au plus')),
  priorityCoefficient: z
    .number(zmsg('The coefficient is a number between 0.1 and 10', 'Le coefficient est un nombre entre 0,1 et 10'))
    .min(0.1, zmsg('Coefficient between 0.1 and 10', 'Coefficient entre 0,1 et 10'))
    .max(10, zmsg('Coefficient between 0.1 and 10', 'Coefficient entre 0,1 et 10')),
  radiusKm: z
    .number(zmsg('The radius is a number of kilometres', 'Le rayon est un nombre de kilomètres'))
    .min(0, zmsg('Radius cannot be negative', 'Le rayon ne peut pas être négatif'))
    .max(300, zmsg('At most 300 km', '300 km au plus')),
  productLines: z.array(z.string().trim().min(1).max(40)).max(20, zmsg('At most 20 product lines', '20 gammes au plus')).default([]),
  active: z.boolean().default(true),
});

export type MemberFields = z.output<typeof memberFields>;

export interface Member extends MemberFields {
  id: number;
  departement: string;
  archivedAt: number | null;
  /** Raised by every change of the row (core/db/row-version.ts). */
  version: number;
  createdAt: number;
  updatedAt: number;
}

export const memberId = z.object({ id: z.number().int().positive() });
