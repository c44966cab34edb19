import type { Db } from '../connection';
import { DEFAULT_CATALOGUE } from '../../products/defaults';
import { productKey } from '../../products/normalise';
import { dialectOf, type Dialect } from './dialect';

/**
 * The product catalogue: the network's product lines and the synonyms each is known by. A key
 * (the label folded for matching, products/normalise.ts) names one line at most, across names
 * and synonyms. Every database starts with the default French catalogue (products/defaults.ts);
 * the product line of each member that the default does not know becomes a line of its own, so
 * an existing network's members keep matching their leads after the upgrade.
 */
export function up(db: Db): void {
  db.exec(`
${productTables(dialectOf(db))}
  `);
  const now = Date.now();
  const taken = new Set<string>();
  const line = db.prepare('INSERT INTO product_lines (name, key, created_at, updated_at) VALUES (?, ?, ?, ?) RETURNING id').pluck();
  const synonym = db.prepare("INSERT INTO product_synonyms (line_id, label, key, created_at, actor) VALUES (?, ?, ?, ?, 'default catalogue')");
  for (const entry of DEFAULT_CATALOGUE) {
    const id = line.get(entry.name, productKey(entry.name), now, now) as number;
    taken.add(productKey(entry.name));
    for (const label of entry.synonyms) {
      synonym.run(id, label, productKey(label), now);
      taken.add(productKey(label));
    }
  }
  const eachLabel = db.engine === 'sqlite' ? 'json_each(members.product_lines)' : 'jsonb_array_elements_text(members.product_lines::jsonb) AS value';
  const memberLabels = db.prepare(`SELECT DISTINCT value FROM members, ${eachLabel} ORDER BY value`).pluck().all() as string[];
  for (const label of memberLabels) {
    const key = productKey(label);
    if (key === '' || taken.has(key)) continue;
    line.get(label.trim(), key, now, now);
    taken.add(key);
  }
}

/** The catalogue's tables in either engine's types. */
export function productTables(t: Dialect): string {
  return `    CREATE TABLE product_lines (
      id ${t.id},
      name TEXT NOT NULL,
      key TEXT NOT NULL UNIQUE CHECK (key <> ''),
      created_at ${t.int} NOT NULL,
      updated_at ${t.int} NOT NULL
    )${t.table};
    CREATE TABLE product_synonyms (
      id ${t.id},
      line_id ${t.int} NOT NULL REFERENCES product_lines(id) ON DELETE CASCADE,
      label TEXT NOT NULL,
      key TEXT NOT NULL UNIQUE CHECK (key <> ''),
      created_at ${t.int} NOT NULL,
      actor TEXT NOT NULL
    )${t.table};
    CREATE INDEX product_synonyms_by_line_id ON product_synonyms (line_id);`;
}
