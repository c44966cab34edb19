/** SQL for the catalogue: lines and synonyms, one key naming one line at most. */
import { fieldError, AppError } from '../commands/errors';
import type { Context } from '../commands/define';
import { tr } from '../language';
import { productKey } from './normalise';

interface KeyOwner {
  lineId: number;
  lineName: string;
  label: string;
}

function keyOwner(ctx: Context, key: string): KeyOwner | undefined {
  return ctx.db
    .prepare(
      `SELECT id AS "lineId", name AS "lineName", name AS label FROM product_lines WHERE key = @key
       UNION ALL SELECT l.id, l.name, s.label FROM product_synonyms s JOIN product_lines l ON l.id = s.line_id WHERE s.key = @key`,
    )
    .get({ key }) as KeyOwner | undefined;
}

/** The key of a label that no line uses yet; a clear error naming the line that has it otherwise. */
function freeKey(ctx: Context, label: string, field: string): string {
  const key = productKey(label);
  if (key === '') throw fieldError('invalid_input', field, tr(`"${label}" names no product: it has no letter or digit.`, `« ${label} » ne nomme aucun produit : il n’a ni lettre ni chiffre.`));
  const owner = keyOwner(ctx, key);
  if (owner) {
    throw fieldError(
      'conflict',
      field,
      owner.label === owner.lineName
        ? tr(`"${label}" is already the product line "${owner.lineName}".`, `« ${label} » est déjà la gamme « ${owner.lineName} ».`)
        : tr(`"${label}" already means "${owner.lineName}" (as "${owner.label}").`, `« ${label} » désigne déjà « ${owner.lineName} » (sous la forme « ${owner.label} »).`),
    );
  }
  return key;
}

function mustGetLine(ctx: Context, id: number): { id: number; name: string } {
  const line = ctx.db.prepare('SELECT id, name FROM product_lines WHERE id = ?').get(id) as { id: number; name: string } | undefined;
  if (!line) throw new AppError('not_found', tr(`No product line with id ${id}.`, `Aucune gamme n°${id}.`));
  return line;
}

export function createLine(ctx: Context, name: string): number {
  const key = freeKey(ctx, name, 'name');
  return ctx.db.prepare('INSERT INTO product_lines (name, key, created_at, updated_at) VALUES (?, ?, ?, ?) RETURNING id').pluck().get(name, key, ctx.now(), ctx.now()) as number;
}

export function addSynonym(ctx: Context, lineId: number, label: string): number {
  mustGetLine(ctx, lineId);
  const key = freeKey(ctx, label, 'label');
  return ctx.db.prepare('INSERT INTO product_synonyms (line_id, label, key, created_at, actor) VALUES (?, ?, ?, ?, ?) RETURNING id').pluck().get(lineId, label, key, ctx.now(), ctx.actor) as number;
}

/**
 * A new name for a line. The old name stays a synonym (leads and files written with it still
 * match), and members listing the old name are rewritten to the new one.
 */
export function renameLine(ctx: Context, id: number, name: string): void {
  const line = mustGetLine(ctx, id);
  const key = productKey(name);
  const old = productKey(line.name);
  if (key === old) {
    ctx.db.prepare('UPDATE product_lines SET name = ?, updated_at = ? WHERE id = ?').run(name, ctx.now(), id);
  } else {
    // The new name may be one of this line's own synonyms: it is promoted.
    const own = ctx.db.prepare('SELECT id FROM product_synonyms WHERE key = ? AND line_id = ?').get(key, id) as { id: number } | undefined;
    if (own) ctx.db.prepare('DELETE FROM product_synonyms WHERE id = ?').run(own.id);
    else freeKey(ctx, name, 'name');
    ctx.db.prepare('UPDATE product_lines SET name = ?, key = ?, updated_at = ? WHERE id = ?').run(name, key, ctx.now(), id);
    ctx.db.prepare('INSERT INTO product_synonyms (line_id, label, key, created_at, actor) VALUES (?, ?, ?, ?, ?)').run(id, line.name, old, ctx.now(), ctx.actor);
  }
  renameMemberLabel(ctx, line.name, name);
}

/** Members listing the old name list the new one, in its place. Members are few: their JSON lists are rewritten here, the same way on both engines. */
function renameMemberLabel(ctx: Context, old: string, name: string): void {
  const members = ctx.db.prepare('SELECT id, product_lines AS "productLines" FROM members').all() as { id: number; productLines: string }[];
  const update = ctx.db.prepare('UPDATE members SET product_lines = ?, updated_at = ?, version = version + 1 WHERE id = ?');
  for (const { id, productLines } of members) {
    const labels = JSON.parse(productLines) as string[];
    if (labels.includes(old)) update.run(JSON.stringify(labels.map((label) => (label === old ? name : label))), ctx.now(), id);
  }
}

/** Removes a line and its synonyms; members keep the label as written, now unknown (and listed as such). */
export function removeLine(ctx: Context, id: number): void {
  mustGetLine(ctx, id);
  ctx.db.prepare('DELETE FROM product_lines WHERE id = ?').run(id);
}

export function removeSynonym(ctx: Context, id: number): void {
  const { changes } = ctx.db.prepare('DELETE FROM product_synonyms WHERE id = ?').run(id);
  if (changes === 0) throw new AppError('not_found', tr(`No synonym with id ${id}.`, `Aucun synonyme n°${id}.`));
}
