/** The checks every way of writing a territory goes through (form, update, GeoJSON import). */
import type { Context } from '../commands/define';
import { fieldError } from '../commands/errors';
import { tr } from '../language';
import { getMember } from '../members/store';
import type { Member } from '../members/schema';
import { circleShape, polygonShape, type Shape } from './geometry';
import type { TerritoryKind } from './schema';

export interface ShapeRequest {
  kind: TerritoryKind;
  geometry?: unknown;
  center?: { lat: number; lon: number } | undefined;
  radiusKm?: number | undefined;
}

export function shapeFrom({ kind, geometry, center, radiusKm }: ShapeRequest): Shape {
  switch (kind) {
    case 'polygon':
      if (geometry === undefined) throw fieldError('invalid_input', 'geometry', tr('Draw the territory or give its GeoJSON geometry.', 'Dessinez la zone ou donnez sa géométrie GeoJSON.'));
      return polygonShape(geometry);
    case 'circle':
      if (!center) throw fieldError('invalid_input', 'center', tr('A circle needs its centre.', 'Un cercle a besoin de son centre.'));
      if (radiusKm === undefined) throw fieldError('invalid_input', 'radiusKm', tr('A circle needs its radius.', 'Un cercle a besoin de son rayon.'));
      return circleShape(center, radiusKm);
    default: {
      const never: never = kind;
      throw new Error(`Unknown territory kind ${String(never)}`);
    }
  }
}

export function assertMemberUsable(ctx: Context, memberId: number): Member {
  const member = getMember(ctx.db, memberId);
  if (!member) throw fieldError('not_found', 'memberId', tr(`No member with id ${memberId}.`, `Aucun membre n°${memberId}.`));
  if (member.archivedAt !== null) throw fieldError('conflict', 'memberId', tr(`${member.name} is archived; restore it first.`, `${member.name} est archivé : restaurez-le d’abord.`));
  return member;
}
