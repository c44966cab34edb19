/**
 * Product labels as matching sees them. Two labels are the same label when their keys are
 * equal: case, accents, punctuation, spacing, small French and English link words and a
 * plural "s"/"x" do not count ("POELE GRANULES" and "Poêle à granulés" share "poele granule").
 * Anything further ("Aérothermie" is a heat pump) is the catalogue's synonyms, not guessing.
 * The fuzzy score only proposes a line for a new label; a person confirms it.
 */
import { fold } from '../search/fold';

/** Words that carry no product meaning in "pompe à chaleur", "isolation des combles", "heat pump for...". */
const LINK_WORDS = new Set(['a', 'au', 'aux', 'de', 'du', 'des', 'd', 'l', 'la', 'le', 'les', 'en', 'et', 'ou', 'pour', 'par', 'sur', 'avec', 'the', 'of', 'and', 'for', 'with']);

/**
 * Folded words of a label, link words included (acronyms are read from them: "pompe a chaleur"
 * -> "pac"). Single letters in a row are one dotted abbreviation: "C.E.T." is "cet".
 */
function words(label: string): string[] {
  const split = fold(label)
    .replace(/&/g, ' et ')
    .replace(/\+/g, ' plus ')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i < split.length; i++) {
    let j = i;
    while (j < split.length && /^[a-z]$/.test(split[j]!)) j++;
    if (j - i >= 2) {
      out.push(split.slice(i, j).join(''));
      i = j - 1;
    } else out.push(split[i]!);
  }
  return out;
}

/** "granules" -> "granule", "panneaux" -> "panneau"; short words ("gaz", "pas") stay. */
function singular(word: string): string {
  return word.length > 3 && /[sx]$/.test(word) && !/\d/.test(word) ? word.slice(0, -1) : word;
}

export interface LabelTokens {
  /** Meaningful words, singular, in order. */
  content: string[];
  /** Every word, link words included, in order. */
  raw: string[];
  /** First letters of raw and of content, where acronyms are looked for. */
  initials: [string, string];
}

export function tokens(label: string): LabelTokens {
  const raw = words(label);
  const content = raw.filter((w) => !LINK_WORDS.has(w)).map(singular);
  const first = (list: string[]) => list.map((w) => w[0]).join('');
  return { raw, content, initials: [first(raw), first(content)] };
}

/** Keys already computed: every dispatch resolves every member's lines again, always the same few labels. Bounded. */
const keys = new Map<string, string>();

/** The matching key of a label; '' when the label says nothing ("-", "  "). */
export function productKey(label: string): string {
  let key = keys.get(label);
  if (key === undefined) {
    key = tokens(label).content.join(' ');
    if (keys.size >= 10_000) keys.clear();
    keys.set(label, key);
  }
  return key;
}

function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** How alike two words are, 0..1: equal, an abbreviation ("clim", "thermo"), or a typo. */
function wordSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (short.length >= 3 && long.startsWith(short)) return 0.85;
  // Below 5 letters, or lengths too far apart for 3 letters in 4 to match: no typo of each other.
  if (long.length < 5 || short.length < long.length * 0.75) return 0;
  const ratio = 1 - levenshtein(a, b) / long.length;
  return ratio >= 0.75 ? ratio : 0;
}

const ACRONYM_SCORE = 0.9;

/**
 * Positions in `content` covered by `word` read as an acronym of consecutive words of the
 * other label ("pac" = Pompe A Chaleur, "ite" = Isolation Thermique Extérieur), or null.
 */
function acronymCover(word: string, other: LabelTokens): Set<string> | null {
  // Two letters match too many runs by chance ("AA" would be "Atlantic Alféa").
  if (word.length < 3 || word.length > 5 || /\d/.test(word)) return null;
  for (const [list, initials] of [
    [other.raw, other.initials[0]],
    [other.content, other.initials[1]],
  ] as const) {
    const start = initials.indexOf(word);
    if (start >= 0) return new Set(list.slice(start, start + word.length).map(singular));
  }
  return null;
}

/** For each content word of `a`, how well `b` accounts for it. */
function coverage(a: LabelTokens, b: LabelTokens): number[] {
  const scores = a.content.map((w) => Math.max(0, ...b.content.map((v) => wordSimilarity(w, v)), acronymCover(w, b) ? ACRONYM_SCORE : 0));
  // A word of b that abbreviates a run of a's words accounts for each of them.
  for (const v of b.content) {
    const covered = acronymCover(v, a);
    if (covered) a.content.forEach((w, i) => covered.has(w) && (scores[i] = Math.max(scores[i]!, ACRONYM_SCORE)));
  }
  return scores;
}

/** Similarity of two labels, 0..1, symmetric: the share of both labels' words the other accounts for. */
export function labelSimilarity(a: LabelTokens, b: LabelTokens): number {
  const total = a.content.length + b.content.length;
  if (total === 0) return 0;
  const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
  return (sum(coverage(a, b)) + sum(coverage(b, a))) / total;
}
