/**
 * The product catalogue in memory: every key (a line's name or one of its synonyms) -> its line.
 * Read once per command or bulk run (a few hundred rows), then every label resolves with one
 * key computation and a map lookup. Unknown labels are proposed the most similar line.
 */
import type { Db } from '../db/connection';
import { labelSimilarity, productKey, tokens, type LabelTokens } from './normalise';

export interface ProductSynonym {
  id: number;
  label: string;
}

export interface ProductLine {
  id: number;
  name: string;
  synonyms: ProductSynonym[];
}

export interface Proposal {
  lineId: number;
  lineName: string;
  /** The name or synonym the label looks most like. */
  like: string;
  /** 0..1. */
  score: number;
}

/** Below this a proposal would be a guess: the label is listed without one. */
const PROPOSAL_THRESHOLD = 0.45;
/** Distinct labels remembered per catalogue instance (one command or bulk run). */
const MEMO_LIMIT = 10_000;

export class Catalogue {
  private readonly byKey = new Map<string, ProductLine>();
  /** Every label with its tokens, for proposals only: built on the first, as a catalogue loaded to resolve labels (each member saved) never needs them. */
  private tokenised: { line: ProductLine; label: string; tokens: LabelTokens }[] | null = null;

  constructor(readonly lines: ProductLine[]) {
    for (const line of lines) for (const label of labelsOf(line)) this.byKey.set(productKey(label), line);
  }

  private get known(): { line: ProductLine; label: string; tokens: LabelTokens }[] {
    return (this.tokenised ??= this.lines.flatMap((line) => labelsOf(line).map((label) => ({ line, label, tokens: tokens(label) }))));
  }

  /** Answers by label as written: a file or a bulk run repeats a few spellings thousands of times. */
  private readonly resolved = new Map<string, ProductLine | null>();
  private readonly proposed = new Map<string, Proposal | null>();

  /** The line a label names, or null when the catalogue does not know it (or the label is empty). */
  resolve(label: string): ProductLine | null {
    let line = this.resolved.get(label);
    if (line === undefined) {
      line = this.byKey.get(productKey(label)) ?? null;
      if (this.resolved.size < MEMO_LIMIT) this.resolved.set(label, line);
    }
    return line;
  }

  /**
   * The line whose name or a synonym looks most like the label, when one is close enough. On a
   * tie, the line more of whose labels look like it ("solaire": three photovoltaic synonyms
   * against one "Batterie solaire").
   */
  propose(label: string): Proposal | null {
    const key = productKey(label);
    let proposal = this.proposed.get(key);
    if (proposal === undefined) {
      proposal = this.closest(label);
      if (this.proposed.size < MEMO_LIMIT) this.proposed.set(key, proposal);
    }
    return proposal;
  }

  private closest(label: string): Proposal | null {
    const t = tokens(label);
    const perLine = new Map<ProductLine, { best: Proposal; close: number }>();
    for (const k of this.known) {
      const score = Math.round(labelSimilarity(t, k.tokens) * 100) / 100;
      if (score < PROPOSAL_THRESHOLD) continue;
      const entry = perLine.get(k.line);
      const proposal = { lineId: k.line.id, lineName: k.line.name, like: k.label, score };
      if (!entry) perLine.set(k.line, { best: proposal, close: 1 });
      else {
        entry.close++;
        if (score > entry.best.score) entry.best = proposal;
      }
    }
    let best: { best: Proposal; close: number } | null = null;
    for (const e of perLine.values()) if (!best || e.best.score > best.best.score || (e.best.score === best.best.score && e.close > best.close)) best = e;
    return best?.best ?? null;
  }

  /**
   * A member's labels as the catalogue names them: each known label becomes its line's name
   * (once), unknown labels are kept as typed and listed apart.
   */
  canonical(labels: readonly string[]): { lines: string[]; unknown: string[] } {
    const lines: string[] = [];
    const unknown: string[] = [];
    for (const label of labels) {
      if (productKey(label) === '') continue;
      const line = this.resolve(label);
      const name = line ? line.name : label.trim();
      if (!lines.some((l) => productKey(l) === productKey(name))) lines.push(name);
      if (!line) unknown.push(label.trim());
    }
    return { lines, unknown };
  }
}

export function loadCatalogue(db: Db): Catalogue {
  const lines = db.prepare('SELECT id, name FROM product_lines ORDER BY name COLLATE NOCASE').all() as { id: number; name: string }[];
  const synonyms = db.prepare('SELECT id, line_id AS "lineId", label FROM product_synonyms ORDER BY label COLLATE NOCASE').all() as { id: number; lineId: number; label: string }[];
  const byLine = new Map<number, ProductSynonym[]>();
  for (const s of synonyms) byLine.set(s.lineId, [...(byLine.get(s.lineId) ?? []), { id: s.id, label: s.label }]);
  return new Catalogue(lines.map((l) => ({ ...l, synonyms: byLine.get(l.id) ?? [] })));
}

/** A lead's product as routing reads it: its line's name, or the label the catalogue does not know. */
export function resolveLeadProduct(catalogue: Catalogue, label: string): { product: string | null; unknownProduct: string | null } {
  const line = catalogue.resolve(label);
  if (line) return { product: line.name, unknownProduct: null };
  return { product: null, unknownProduct: productKey(label) === '' ? null : label };
}

/** A line's name, then its synonyms. */
function labelsOf(line: ProductLine): string[] {
  return [line.name, ...line.synonyms.map((s) => s.label)];
}
