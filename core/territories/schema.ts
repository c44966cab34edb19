/** What a territory is, as the commands accept and return it. */
import { z } from 'zod';
import { zmsg } from '../language';
import type { Point } from '../geo/types';
import type { AreaGeometry, Bbox } from './geometry';

export const TERRITORY_KINDS = ['polygon', 'circle'] as const;
export type TerritoryKind = (typeof TERRITORY_KINDS)[number];

export const memberRef = z.number(zmsg('Choose a member', 'Choisissez un membre')).int().positive();
const point = z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) });
const coefficient = z
  .number(zmsg('The coefficient is a number between 0.1 and 10', 'Le coefficient est un nombre entre 0,1 et 10'))
  .min(0.1, zmsg('Coefficient between 0.1 and 10', 'Coefficient entre 0,1 et 10'))
  .max(10, zmsg('Coefficient between 0.1 and 10', 'Coefficient entre 0,1 et 10'));

/** A polygon comes as GeoJSON in `geometry`; a circle as `center` and `radiusKm`. geometry.ts checks the rest. */
const shape = {
  kind: z.enum(TERRITORY_KINDS, zmsg('Kind is polygon or circle', 'Le type est polygon ou circle')),
  geometry: z.unknown().optional(),
  center: point.optional(),
  radiusKm: z.number(zmsg('The radius is a number of kilometres', 'Le rayon est un nombre de kilomètres')).optional(),
};

export const territoryFields = z.object({
  memberId: memberRef,
  // refine rather than min/max: zod runs length checks even on a non-string whose "length" is an object, and throws.
  name: z
    .string()
    .trim()
    .refine((s) => s.length >= 1, zmsg('Give the territory a name', 'Donnez un nom à la zone'))
    .refine((s) => s.length <= 120, zmsg('At most 120 characters', '120 caractères au plus')),
  priorityOverride: coefficient.nullable().default(null),
  ...shape,
  kind: shape.kind.default('polygon'),
});
export type TerritoryFields = z.output<typeof territoryFields>;

export const territoryChanges = z.object({
  id: z.number().int().positive(),
  memberId: memberRef.optional(),
  name: territoryFields.shape.name.optional(),
  priorityOverride: coefficient.nullable().optional(),
  ...shape,
  kind: shape.kind.optional(),
});

export interface Territory {
  id: number;
  memberId: number;
  memberName: string;
  name: string;
  kind: TerritoryKind;
  /** The Polygon or MultiPolygon (lon/lat); null for a circle. */
  geometry: AreaGeometry | null;
  center: Point | null;
  radiusKm: number | null;
  priorityOverride: number | null;
  bbox: Bbox;
  /** Raised by every change of the row (core/db/row-version.ts). */
  version: number;
  createdAt: number;
  updatedAt: number;
}
