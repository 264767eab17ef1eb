/**
 * Takes a normalised message apart into the pieces of a join — intent word, quantities, item references and
 * whatever words are left — without deciding anything. command-parser.ts decides what the pieces mean.
 *
 * Order matters, and each step removes what it recognised so the next one cannot read it twice:
 *   1. exact item names and aliases, first, so that digits, units or verbs inside a name (5kg大米, 六个核桃,
 *      来伊份) are not read as a quantity or an intent;
 *   2. leading filler and the intent word (团长 / 我也 / 接龙 / 我要 …), at the start only;
 *   3. item numbers: 第2个, #2, 2号 (but not 3号楼);
 *   4. quantities with a sign (+2, -1), a times sign (x3, ×3, *3) or a unit (2份, 两箱);
 *   5. bare numbers, which only count as quantities after an intent word (接龙 2);
 *   6. the remaining words, minus politeness (谢谢团长) and particles.
 */
import type { IndexedItem } from './item-matcher';
import { charCount } from './normalize';
import { NUMBER_SOURCE, readNumber } from './quantity';
import {
  CHAIN_WORDS, CONVERSATION_CHARS, LEADING_FILLER, NOT_ITEM_AFTER_HAO, TRAILING_FILLER, UNITS, VERB_WORDS,
} from './vocabulary';

/** How a quantity was written. `bare` is a plain number, meaningful only after an intent word. */
export type QuantityMarkKind = 'plus' | 'minus' | 'times' | 'unit' | 'bare';

export interface QuantityMark {
  readonly kind: QuantityMarkKind;
  /** As written: may be 0, 1.5 or huge. Validation happens later, so the reply can say what is wrong. */
  readonly value: number;
  readonly hasUnit: boolean;
}

/** `chain`: an explicit command word (接龙, 参团). `verb`: plain language (我要, 来). */
export type JoinIntent = 'chain' | 'verb';

/** Items referred to by one piece of the message, with the text that referred to them (for replies). */
export interface ItemReference {
  readonly candidates: readonly number[];
  readonly label: string;
}

export interface JoinParts {
  readonly intent: JoinIntent | null;
  readonly quantities: readonly QuantityMark[];
  /** Numbers from 2号 / #2 / 第2个, not yet checked against the items. */
  readonly itemNumbers: readonly number[];
  /** Items whose full name or alias appears verbatim in the message. */
  readonly namedItems: readonly ItemReference[];
  /** Words nobody has explained yet: an item name with a typo, a partial name, or conversation. */
  readonly words: readonly string[];
  /** A question is never a command: "还能+1吗?", "桃子多少钱一份?". */
  readonly isQuestion: boolean;
}

const UNIT_SOURCE = UNITS.map(escapeRegExp).join('|');
const ITEM_NUMBER_PATTERNS: readonly RegExp[] = [
  new RegExp(`第\\s*(${NUMBER_SOURCE})\\s*(?:个|号|款|项|种|样)?`, 'gu'),
  /#\s*(\d+)/gu,
  new RegExp(`(?<![\\d.])(\\d+)\\s*号(?!${NOT_ITEM_AFTER_HAO.map(escapeRegExp).join('|')})`, 'gu'),
];
const QUANTITY_PATTERNS: ReadonlyArray<readonly [QuantityMarkKind, RegExp]> = [
  ['plus', new RegExp(`\\+\\s*(${NUMBER_SOURCE})(?:\\s*(${UNIT_SOURCE}))?`, 'gu')],
  // A minus after a letter or digit is a hyphen or a range (2-3), not "minus one".
  ['minus', new RegExp(`(?<![\\p{L}\\p{N}])-\\s*(${NUMBER_SOURCE})(?:\\s*(${UNIT_SOURCE}))?`, 'gu')],
  // x3 / ×3 / *3, but not the x at the end of an English word (box3).
  ['times', new RegExp(`(?<![a-z])[x×*]\\s*(${NUMBER_SOURCE})(?:\\s*(${UNIT_SOURCE}))?`, 'gu')],
  ['unit', new RegExp(`(${NUMBER_SOURCE})\\s*(${UNIT_SOURCE})`, 'gu')],
  // 俩 and 仨 carry their own measure word (来俩桃子 = 来两个桃子); the empty group stands for it.
  ['unit', /(俩|仨)()/gu],
  ['bare', /(\d+(?:\.\d+)?)/gu],
];
const QUESTION = /\?|吗|呢|嘛|什么|怎么|为什么|多少|哪|几[个份点号时天]|是不是|有没有|能不能|可不可以|要不要|还有/u;
const LEFTOVER_SYMBOLS = /[+\-#*×.?]/gu;

/**
 * Left where an item name was cut out, so that what was glued to it stays visible: "大米饭" leaves "<mark>饭",
 * "桃子很好吃" leaves "<mark>很好吃". Normalised messages contain no control characters, so it cannot clash.
 */
const NAME_MARK = '\u0001';
/** A name plus this many characters is still that name (大米饭, 桃子们); more is a sentence about it. */
const MAX_CHARS_GLUED_TO_NAME = 2;

type IntentWord = readonly [word: string, intent: JoinIntent | null];
const LEADING_WORDS: readonly IntentWord[] = [
  ...CHAIN_WORDS.map((w): IntentWord => [w, 'chain']),
  ...VERB_WORDS.map((w): IntentWord => [w, 'verb']),
  ...LEADING_FILLER.map((w): IntentWord => [w, null]),
].sort((a, b) => b[0].length - a[0].length);

export function extractJoinParts(message: string, items: readonly IndexedItem[]): JoinParts {
  const named = cutItemNames(message, items);
  const { intent, rest } = takeLeadingWords(named.text.trim());
  const numbered = cutItemNumbers(rest);
  const quantified = cutQuantities(numbered.text);
  return {
    intent,
    quantities: quantified.marks,
    itemNumbers: numbered.numbers,
    namedItems: named.references,
    words: leftoverWords(quantified.text),
    isQuestion: QUESTION.test(named.text),
  };
}

/** Strips filler and intent words from the start, in any order: "团长 我也要 2份". A chain word wins over a verb. */
function takeLeadingWords(message: string): { intent: JoinIntent | null; rest: string } {
  let rest = message;
  let intent: JoinIntent | null = null;
  for (let found = true; found; ) {
    found = false;
    for (const [word, wordIntent] of LEADING_WORDS) {
      if (!startsWithWord(rest, word)) continue;
      rest = rest.slice(word.length).trimStart();
      if (wordIntent === 'chain' || (wordIntent === 'verb' && intent === null)) intent = wordIntent;
      found = true;
      break;
    }
  }
  return { intent, rest };
}

/** English words must end at a word boundary ("join 2", not "joined"); Chinese has no spaces to rely on. */
function startsWithWord(text: string, word: string): boolean {
  if (!text.startsWith(word)) return false;
  return !/[a-z]$/.test(word) || !/^[a-z]/.test(text.slice(word.length));
}

function cutItemNames(text: string, items: readonly IndexedItem[]): { text: string; references: ItemReference[] } {
  const references: ItemReference[] = [];
  let rest = text;
  for (const [term, candidates] of termsLongestFirst(items)) {
    if (!rest.includes(term)) continue;
    rest = rest.split(term).join(NAME_MARK);
    references.push({ candidates, label: term });
  }
  return { text: rest, references };
}

/** Every name and alias of two characters or more, with the items that carry it. One character is too easy to find by accident. */
function termsLongestFirst(items: readonly IndexedItem[]): Array<[string, number[]]> {
  const byTerm = new Map<string, number[]>();
  for (const item of items) {
    for (const term of item.terms) {
      if (charCount(term) < 2) continue;
      const owners = byTerm.get(term) ?? [];
      if (!owners.includes(item.index)) owners.push(item.index);
      byTerm.set(term, owners);
    }
  }
  return [...byTerm.entries()].sort((a, b) => b[0].length - a[0].length);
}

function cutItemNumbers(text: string): { text: string; numbers: number[] } {
  const numbers: number[] = [];
  let rest = text;
  for (const pattern of ITEM_NUMBER_PATTERNS) {
    rest = rest.replace(pattern, (_match, digits: string) => {
      numbers.push(readNumber(digits));
      return ' ';
    });
  }
  return { text: rest, numbers };
}

function cutQuantities(text: string): { text: string; marks: QuantityMark[] } {
  const marks: QuantityMark[] = [];
  let rest = text;
  for (const [kind, pattern] of QUANTITY_PATTERNS) {
    rest = rest.replace(pattern, (_match, digits: string, unit: string | undefined) => {
      marks.push({ kind, value: readNumber(digits), hasUnit: unit !== undefined });
      return ' ';
    });
  }
  return { text: rest, marks };
}

function leftoverWords(text: string): string[] {
  return text
    .replace(LEFTOVER_SYMBOLS, ' ')
    .split(' ')
    .map((word) => withoutGluedToName(withoutFiller(word)))
    .filter((word) => word !== '');
}

/** "<mark>饭" → "" (still the name), "<mark>很好吃" → "很好吃" (words about it, judged later). */
function withoutGluedToName(word: string): string {
  if (!word.includes(NAME_MARK)) return word;
  const glued = withoutFiller(word.split(NAME_MARK).join(''));
  const partOfName = charCount(glued) <= MAX_CHARS_GLUED_TO_NAME && !CONVERSATION_CHARS.test(glued);
  return partOfName ? '' : glued;
}

/**
 * "谢谢团长" → "", "我也" → "", "水蜜桃哈" → "水蜜桃". Leading filler only counts as a whole word: the 我 of
 * 我家 is not filler.
 */
function withoutFiller(word: string): string {
  let rest = word;
  while (rest !== '') {
    if (LEADING_FILLER.includes(rest) || TRAILING_FILLER.includes(rest)) return '';
    const tail = TRAILING_FILLER.find((filler) => rest.endsWith(filler));
    if (!tail) return rest;
    rest = rest.slice(0, rest.length - tail.length);
  }
  return rest;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
