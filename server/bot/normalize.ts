/**
 * Text clean-up for chat messages, before any grammar is applied. Chat bridges hand us whatever the phone
 * produced: full-width forms (＋２), zero-width joiners, emoji, WeChat sticker codes ([强]), @mentions and
 * quoted replies. Everything here is total: any string in, a string out, never an exception.
 */
import { WECHAT_EMOJI_NAMES } from './vocabulary';

/** Half of a surrogate pair without its other half. Broken bridges emit them; nothing can read them. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Emoji that people use as the signs themselves: ➕1, 桃子✖️2. Mapped before emoji are removed. */
const SIGN_LOOKALIKES: ReadonlyArray<readonly [RegExp, string]> = [
  [/[\u2795\u271A\u2719]/gu, '+'], // ➕ ✚ ✙
  [/[\u2716\u2715\u2717]/gu, '×'], // ✖ ✕ ✗
];

/** Invisible characters: zero-width space/joiners, BOM, bidi marks, soft hyphen (all Cf), variation selectors. */
const INVISIBLE = /[\p{Cf}\uFE00-\uFE0F]/gu;

const LINE_BREAK = /\r\n|[\r\n\u0085\u2028\u2029]/u;

/** WeChat (via wechaty and most bridges) separates a quoted message from the reply with a line of dashes. */
const QUOTE_SEPARATOR = /^\s*(?:[-\u2010-\u2015\u2500\u2501]\s*){5,}$/u;

/** An inline quote: 「王姐: +1」. The colon is what tells it apart from a plain 「桃子」. */
const QUOTE_BLOCK = /「[^「」]*?:[^「」]*」/gu;

const EMOJI = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\u{1F1E6}-\u{1F1FF}\p{So}]/gu;
const COMBINING_MARK = /\p{M}/gu;
const CONTROL = /\p{Cc}/gu;
const STICKER_CODE = /\[([^[\]]{1,6})\]/gu;

/** `@王姐 `: WeChat puts a (four-per-em) space after the name. A `+` right after the name starts the command. */
const MENTION = /@[^\s@+]{1,32}/gu;

/** Punctuation and symbols that carry meaning for the grammar and therefore survive normalisation. */
const MEANINGFUL_SYMBOLS: ReadonlySet<string> = new Set(['+', '-', '#', '*', '×', '.', '?']);
const PUNCTUATION_OR_SYMBOL = /[\p{P}\p{S}]/gu;
const DOT_OUTSIDE_NUMBER = /(?<!\d)\.|\.(?!\d)/g;

/**
 * Splits a raw message into lines after the character-level clean-up (NFKC turns ＋２ into +2 and ＃ into #),
 * and drops the quoted part of a reply, which is someone else's words.
 */
export function toCleanLines(raw: string): string[] {
  let text = raw.replace(LONE_SURROGATE, '').normalize('NFKC');
  for (const [pattern, sign] of SIGN_LOOKALIKES) text = text.replace(pattern, sign);
  text = text.replace(INVISIBLE, '');
  return withoutQuotedReply(text.split(LINE_BREAK));
}

function withoutQuotedReply(lines: readonly string[]): string[] {
  const parts: string[][] = [[]];
  for (const line of lines) {
    if (QUOTE_SEPARATOR.test(line)) parts.push([]);
    else parts[parts.length - 1]?.push(line);
  }
  const own = parts.filter((part) => !isWholeQuote(part.join('\n')));
  return own.flat().join('\n').replace(QUOTE_BLOCK, ' ').split('\n');
}

function isWholeQuote(text: string): boolean {
  const trimmed = text.trim();
  return trimmed.startsWith('「') && trimmed.endsWith('」');
}

/**
 * One line of lower-case text made of words, numbers and the meaningful symbols `+ - # * × . ?`, separated
 * by single spaces. Emoji, sticker codes, mentions and decorative punctuation become spaces.
 */
export function normalizeMessage(text: string): string {
  return text
    .replace(CONTROL, ' ')
    .replace(COMBINING_MARK, '')
    .replace(EMOJI, ' ')
    .replace(MENTION, ' ')
    .toLowerCase()
    .replace(STICKER_CODE, (code, name: string) => (WECHAT_EMOJI_NAMES.has(name) ? ' ' : code))
    .replace(PUNCTUATION_OR_SYMBOL, (ch) => (MEANINGFUL_SYMBOLS.has(ch) ? ch : ' '))
    .replace(DOT_OUTSIDE_NUMBER, ' ')
    .replace(/\?+/g, '?')
    .replace(/\s+/gu, ' ')
    .trim();
}

/**
 * The comparable form of an item name or of the words a member typed for it: NFKC, lower case, no spaces,
 * no punctuation or emoji. "五常大米 (5kg)" → "五常大米5kg".
 */
export function normalizeTerm(text: string): string {
  return text
    .replace(LONE_SURROGATE, '')
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(COMBINING_MARK, '')
    .toLowerCase()
    .replace(/[\p{P}\p{S}\p{Cc}\s]/gu, '');
}

/** Length in characters as people count them (code points), not UTF-16 units. */
export function charCount(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}
