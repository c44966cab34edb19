/**
 * products.*: the catalogue (lines and their synonyms, edited in Settings), resolving labels
 * (members' forms and imports), the labels nobody has mapped yet, and mapping one of them once.
 */
import { z } from 'zod';
import { command, type Context } from '../commands/define';
import { zmsg } from '../language';
import { loadCatalogue } from './catalogue';
import { productKey } from './normalise';
import { addSynonym, createLine, removeLine, removeSynonym, renameLine } from './store';
import { rerouteHeld, unknownLabels } from './unknown';

// refine rather than min/max: zod runs length checks even on a non-string that has a "length".
const label = z
  .string(zmsg('A product label is text', 'Un libellé de produit est un texte'))
  .trim()
  .refine((s) => productKey(s) !== '', zmsg('A product label needs a letter or a digit', 'Un libellé de produit a au moins une lettre ou un chiffre'))
  .refine((s) => s.length <= 80, zmsg('At most 80 characters', '80 caractères au plus'));
const id = z.number().int().positive();

function list(ctx: Context) {
  return loadCatalogue(ctx.db).lines;
}

export const productsCommands = {
  'products.list': command(z.object({}), list),
  'products.createLine': command(z.object({ name: label, synonyms: z.array(label).max(50).default([]) }), (ctx, { name, synonyms }) => {
    const lineId = createLine(ctx, name);
    synonyms.forEach((s) => addSynonym(ctx, lineId, s));
    return list(ctx);
  }),
  'products.renameLine': command(z.object({ id, name: label }), (ctx, input) => {
    renameLine(ctx, input.id, input.name);
    return list(ctx);
  }),
  'products.removeLine': command(z.object({ id }), (ctx, input) => {
    removeLine(ctx, input.id);
    return list(ctx);
  }),
  'products.addSynonym': command(z.object({ lineId: id, label }), (ctx, input) => {
    addSynonym(ctx, input.lineId, input.label);
    return list(ctx);
  }),
  'products.removeSynonym': command(z.object({ id }), (ctx, input) => {
    removeSynonym(ctx, input.id);
    return list(ctx);
  }),
  /** What each label means to the catalogue: its line, or null with the closest line proposed. */
  'products.resolve': command(z.object({ labels: z.array(z.string().max(200)).max(1000) }), (ctx, { labels }) => {
    const catalogue = loadCatalogue(ctx.db);
    return labels.map((l) => {
      const line = catalogue.resolve(l);
      return { label: l, line: line && { id: line.id, name: line.name }, proposal: line ? null : catalogue.propose(l) };
    });
  }),
  'products.unknown': command(z.object({ importId: id.optional() }), (ctx, { importId }) => unknownLabels(ctx, importId)),
  /**
   * Maps a label once: it becomes a synonym of an existing line (lineId) or a line of its own
   * (newLine), for every lead and member already written with it and every later file; the
   * leads held at the head office for it are routed again.
   */
  'products.map': command(
    z.union([z.object({ label, lineId: id }), z.object({ label, newLine: z.literal(true) })]),
    (ctx, input) => {
      ctx.db.transaction(() => ('lineId' in input ? addSynonym(ctx, input.lineId, input.label) : createLine(ctx, input.label)))();
      const catalogue = loadCatalogue(ctx.db);
      const line = catalogue.resolve(input.label)!;
      return { line: { id: line.id, name: line.name }, rerouted: rerouteHeld(ctx, catalogue, input.label) };
    },
    { ownTransactions: true, durable: true },
  ),
};
