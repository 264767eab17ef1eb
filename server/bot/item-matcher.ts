/**
 * Which campaign item a member meant, from a number (2号, #2) or from words (桃子, 水蜜桃, 奉化水密桃).
 *
 * Matching goes from strict to loose and stops at the first tier that finds anything, so a loose tier can
 * never override a better one:
 *   1. exact name or alias;
 *   2. containment: the words are part of a name (水蜜桃 → 奉化水蜜桃), or a name is the words plus at most
 *      two characters (新桃子 → 桃子). Needs two CJK characters or three Latin letters;
 *   3. typos: edit distance (with transpositions) of 1 for names of 3–5 characters, 2 from 6 characters on.
 *      Two-character names get no typo tolerance: 大米 vs 小米 are different things;
 *   4. a shared core: the words and a name have a common run of 3+ Han characters (4+ Latin letters) that
 *      covers at least 60% of the words (新鲜水蜜桃 → 奉化水蜜桃), the longest run winning;
 *   5. a single Han character that appears in some names (桃) is `unclear`: we ask rather than guess.
 * Several items in the winning tier make the match `ambiguous`.
 */
import type { CommandItem } from './command-types';
import { charCount, normalizeTerm } from './normalize';

/** An item with its name and aliases in comparable form (see normalizeTerm). */
export interface IndexedItem {
  readonly index: number;
  /** As the leader wrote it, for replies. */
  readonly name: string;
  readonly terms: readonly string[];
}

export type NameMatch =
  | { readonly kind: 'found'; readonly index: number }
  | { readonly kind: 'ambiguous'; readonly candidates: readonly number[] }
  | { readonly kind: 'unclear'; readonly candidates: readonly number[] }
  | { readonly kind: 'not_found' };

/** Longest containment slack: "新鲜桃子" (alias 桃子 + 2) still matches, a whole sentence does not. */
const MAX_EXTRA_CHARS = 2;
/** Typo matching compares at most this many characters: the distance is quadratic. */
const MAX_TYPO_LENGTH = 40;

/**
 * Reads the items from the context defensively: the parser must not throw even if a caller passes an item
 * without a name or with a non-integer index. Such items are skipped; the first item wins on a duplicate index.
 */
export function indexItems(items: unknown): IndexedItem[] {
  if (!Array.isArray(items)) return [];
  const seen = new Set<number>();
  const indexed: IndexedItem[] = [];
  for (const item of items as ReadonlyArray<Partial<CommandItem> | null | undefined>) {
    const index = item?.index;
    if (typeof index !== 'number' || !Number.isSafeInteger(index) || seen.has(index)) continue;
    seen.add(index);
    indexed.push({ index, name: typeof item?.name === 'string' ? item.name : '', terms: termsOf(item) });
  }
  return indexed;
}

function termsOf(item: Partial<CommandItem> | null | undefined): string[] {
  const aliases = Array.isArray(item?.aliases) ? item.aliases : [];
  const raw = [item?.name, ...aliases].filter((t): t is string => typeof t === 'string');
  return [...new Set(raw.map(normalizeTerm).filter((t) => t !== ''))];
}

export function findItemByNumber(items: readonly IndexedItem[], number: number): number | null {
  return items.find((item) => item.index === number)?.index ?? null;
}

export function matchItemName(items: readonly IndexedItem[], words: string): NameMatch {
  const query = normalizeTerm(words);
  if (query === '') return { kind: 'not_found' };
  const exact = items.filter((item) => item.terms.includes(query));
  if (exact.length > 0) return fromCandidates(exact);
  if (isSingleCjkChar(query)) return singleCharGuess(items, query);
  if (!isLongEnoughToContain(query)) return { kind: 'not_found' };
  const containing = items.filter((item) => item.terms.some((term) => contains(term, query)));
  if (containing.length > 0) return fromCandidates(containing);
  const typo = typoMatch(items, query);
  return typo.kind === 'not_found' ? sharedCoreMatch(items, query) : typo;
}

function fromCandidates(items: readonly IndexedItem[]): NameMatch {
  const [only] = items;
  if (items.length === 1 && only) return { kind: 'found', index: only.index };
  return { kind: 'ambiguous', candidates: sortedIndexes(items) };
}

function singleCharGuess(items: readonly IndexedItem[], query: string): NameMatch {
  const candidates = items.filter((item) => item.terms.some((term) => term.includes(query)));
  return candidates.length > 0 ? { kind: 'unclear', candidates: sortedIndexes(candidates) } : { kind: 'not_found' };
}

function isSingleCjkChar(query: string): boolean {
  return charCount(query) === 1 && /\p{Script=Han}/u.test(query);
}

/** "a" or "ic" would be inside half the names in any list; two Han characters already say a lot. */
function isLongEnoughToContain(query: string): boolean {
  return /\p{Script=Han}/u.test(query) ? charCount(query) >= 2 : charCount(query) >= 3;
}

function contains(term: string, query: string): boolean {
  if (term.includes(query)) return true;
  return charCount(term) >= 2 && query.includes(term) && charCount(query) - charCount(term) <= MAX_EXTRA_CHARS;
}

function typoMatch(items: readonly IndexedItem[], query: string): NameMatch {
  const q = Array.from(query);
  if (q.length < 3 || q.length > MAX_TYPO_LENGTH) return { kind: 'not_found' };
  let best = Number.POSITIVE_INFINITY;
  let winners: IndexedItem[] = [];
  for (const item of items) {
    const distance = Math.min(...item.terms.map((term) => typoDistance(q, Array.from(term))));
    if (distance < best) [best, winners] = [distance, [item]];
    else if (distance === best) winners.push(item);
  }
  return winners.length > 0 && Number.isFinite(best) ? fromCandidates(winners) : { kind: 'not_found' };
}

/** Part of the words a shared run must cover: "水蜜桃" is most of "新鲜水蜜桃", not of "我想要水蜜桃的". */
const MIN_SHARED_SHARE = 0.6;

function sharedCoreMatch(items: readonly IndexedItem[], query: string): NameMatch {
  const q = Array.from(query);
  if (q.length > MAX_TYPO_LENGTH) return { kind: 'not_found' };
  const minRun = Math.max(/\p{Script=Han}/u.test(query) ? 3 : 4, Math.ceil(q.length * MIN_SHARED_SHARE));
  let best = 0;
  let winners: IndexedItem[] = [];
  for (const item of items) {
    const run = Math.max(0, ...item.terms.map((term) => longestCommonRun(q, Array.from(term.slice(0, 4 * MAX_TYPO_LENGTH)))));
    if (run < minRun || run < best) continue;
    if (run > best) [best, winners] = [run, [item]];
    else winners.push(item);
  }
  return winners.length > 0 ? fromCandidates(winners) : { kind: 'not_found' };
}

/** Length of the longest run of characters that appears in both. */
function longestCommonRun(a: readonly string[], b: readonly string[]): number {
  let longest = 0;
  let previous = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i += 1) {
    const current = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j += 1) {
      if (a[i - 1] !== b[j - 1]) continue;
      const run = (previous[j - 1] ?? 0) + 1;
      current[j] = run;
      if (run > longest) longest = run;
    }
    previous = current;
  }
  return longest;
}

/** The distance if it is within the tolerance for this name's length, Infinity otherwise. */
function typoDistance(query: readonly string[], term: readonly string[]): number {
  const allowed = term.length >= 6 ? 2 : term.length >= 3 ? 1 : 0;
  if (allowed === 0 || term.length > MAX_TYPO_LENGTH || Math.abs(term.length - query.length) > allowed) {
    return Number.POSITIVE_INFINITY;
  }
  const distance = optimalStringAlignment(query, term);
  return distance <= allowed ? distance : Number.POSITIVE_INFINITY;
}

/** Levenshtein distance where swapping two neighbours (paech → peach) costs 1. */
export function optimalStringAlignment(a: readonly string[], b: readonly string[]): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => rows[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, at(i - 2, j - 2) + 1);
      const row = rows[i];
      if (row) row[j] = d;
    }
  }
  return at(a.length, b.length);
}

function sortedIndexes(items: readonly IndexedItem[]): number[] {
  return items.map((item) => item.index).sort((x, y) => x - y);
}
