/**
 * The chat command parser: one group-chat message in, one ParsedCommand out. Pure (no I/O, no clock), total
 * (never throws, whatever the string) and cheap (long messages are rejected before any real work).
 *
 * The guiding rule: **a message must be a command, not a sentence that contains one.** Most messages in a
 * group are chat; creating an order for someone who was only chatting is worse than staying silent, because
 * a silent bot gets a second try ("+1" again) while an unwanted order needs a cancel and an apology.
 *
 * Decisions on the forms people actually type:
 * - `+1`, `+ 2`, `＋２`, `➕1`, `x3`, `×3`, `*3`, `接龙 2`, `接龙+1`, `我要2份桃子`, `来一份`, `桃子两箱` are joins.
 *   Chinese numerals 一…九十, 两, 俩, 仨 and units (份 个 箱 斤 袋 …) are read; 一百 and up are refused.
 * - The item is named by number (`2号`, `#2`, `第2个`) or by words (name, alias, part of a name, a typo on a
 *   longer name — see item-matcher.ts), before or after the quantity. Not named: the only item, or a question
 *   back (`ambiguous`) when there are several.
 * - `+1` followed or preceded by words that are not an item (`+1 说得对`, `同意+1`, `好的+1`) is agreement,
 *   the commonest meaning of "+1" in Chinese chats: `none`. Likewise `-1 不同意`. With any other quantity
 *   (`+2 苹果`) the words are read as an item name, and an unknown one is `invalid` with the item list —
 *   unless they look like conversation (a particle such as 了/的/吗, one character, or over 12 characters).
 * - Plain language (`我要…`, a unit alone) needs more evidence than `+N`: `我要2份`, `两份桃子` are joins, but
 *   `2个` alone, `我要睡觉` and `我家两个孩子` are chat. A number with no sign, unit or command word (`大米2`,
 *   `3+1`, `+1 8点到`) is chat too: group chats are full of prices, times and floors.
 * - `接龙` alone is a join of 1 (it is the command word); `接龙开始啦` and `已接龙` are chat.
 * - `+1 +1`, `+1 2份`: `invalid` (one quantity per message). We neither add them up nor pick one: "+1+1+1" is
 *   also how people cheer, and guessing would create the wrong order either way.
 * - `+1 桃子 +1 大米`: `invalid` (one item per message), rather than a half-done order.
 * - `-1`, `桃子-1`: `invalid` with a hint to cancel; there is no decrease command.
 * - `+0`, `+100`, `+1.5`: `invalid`. Quantities are whole numbers from MIN_QUANTITY to MAX_QUANTITY.
 * - Questions are never commands: `还能+1吗?`, `+1?`, `桃子多少钱一份`. Except help and query, which are
 *   questions by nature (`怎么接龙?`, `我的订单呢?`).
 * - `?` / `？` alone is `none`: in Chinese chats it means "huh?", often aimed at someone else; a help text in
 *   reply to every puzzled look would be noise. `帮助`, `help`, `/help`, `菜单`, `怎么接龙` ask for help.
 * - `取消`, `取消接龙`, `不要了`, `cancel` cancel everything; `取消桃子`, `桃子不要了`, `取消 2号` one item.
 *   `取消了` and `活动取消` are chat, and a question about cancelling is not a cancel.
 * - Leading @mentions, emoji, WeChat sticker codes ([强]), zero-width characters, full-width forms, and the
 *   quoted part of a reply (「王姐：+1」 plus WeChat's dashed separator) are noise and removed first.
 * - A pasted WeChat 接龙 list ("#接龙" + numbered lines) is `invalid` with a hint: the sender wanted to join,
 *   but we cannot tell which line is theirs. Other numbered lists (a leader's product list) are `none`.
 */
import type { JoinParts, QuantityMark } from './join-parts';
import type { ParseContext, ParsedCommand } from './command-types';
import { ambiguous, invalid, type ReasonContext } from './command-reasons';
import { findItemByNumber, indexItems, matchItemName, type IndexedItem, type NameMatch } from './item-matcher';
import { extractJoinParts } from './join-parts';
import { parseKeywordCommand } from './keyword-commands';
import { charCount, normalizeMessage, toCleanLines } from './normalize';
import { checkQuantity } from './quantity';
import { CONVERSATION_CHARS } from './vocabulary';

export type {
  AmbiguityCode, CommandItem, InvalidCode, ParseContext, ParsedCommand, ParsedCommandKind,
} from './command-types';
export { MAX_QUANTITY, MIN_QUANTITY } from './command-types';

const NONE: ParsedCommand = { kind: 'none' };

/** Longer raw messages are articles or forwarded chat logs, not commands; refusing them early bounds the work. */
const MAX_RAW_LENGTH = 4000;
/** After clean-up, a command is a handful of words. */
const MAX_COMMAND_CHARS = 80;
/** Unknown words longer than this are a sentence, not a product name someone got wrong. */
const MAX_ITEM_NAME_CHARS = 12;

const NUMBERED_LINE = /^\s*\d{1,3}\s*[.、)]\s*[^\d\s]/u;

export function parseCommand(text: string, ctx: ParseContext): ParsedCommand {
  if (typeof text !== 'string' || text.length > MAX_RAW_LENGTH) return NONE;
  const items = indexItems((ctx as Partial<ParseContext> | null | undefined)?.items);
  const lines = toCleanLines(text);
  if (isPastedChainList(lines)) return invalid('pasted_list', { items });
  if (lines.filter((line) => NUMBERED_LINE.test(line)).length >= 2) return NONE;
  const message = normalizeMessage(lines.join('\n'));
  if (message === '' || charCount(message) > MAX_COMMAND_CHARS) return NONE;
  return parseKeywordCommand(message, items) ?? parseJoin(extractJoinParts(message, items), items);
}

/** WeChat's 接龙 tool posts "#接龙" as the first line, then the list everybody appends to. */
function isPastedChainList(lines: readonly string[]): boolean {
  const first = lines.find((line) => line.trim() !== '');
  return first !== undefined && /^\s*#\s*接龙/u.test(first);
}

/** How sure we are that the message is meant as an order at all. */
type Signal = 'strong' | 'weak';

function signalOf(parts: JoinParts): Signal | null {
  const explicitMark = parts.quantities.some((q) => q.kind === 'plus' || q.kind === 'minus' || q.kind === 'times');
  if (parts.intent === 'chain' || explicitMark) return 'strong';
  if (parts.intent === 'verb' || parts.quantities.some((q) => q.kind === 'unit')) return 'weak';
  return null;
}

function parseJoin(parts: JoinParts, items: readonly IndexedItem[]): ParsedCommand {
  if (parts.isQuestion) return NONE;
  const signal = signalOf(parts);
  if (signal === null) return NONE;
  // Stray numbers without 接龙/我要 are prices, times, floors or sums ("3+1", "+1 8点到"), not quantities.
  if (parts.intent === null && parts.quantities.some((q) => q.kind === 'bare')) return NONE;
  const item = resolveItem(parts, items);
  if (item.kind === 'unknown_words') return unknownWords(parts, signal, item.text, items);
  if (signal === 'weak' && item.kind === 'unnamed' && !(parts.intent === 'verb' && parts.quantities.length > 0)) {
    return NONE; // "2个" alone answers anything; "我要2份" / "来一份" are orders
  }
  if (items.length === 0) return invalid('no_items', { items });
  if (item.kind === 'several') return invalid('multiple_items', { items });
  const quantity = readQuantity(parts.quantities, items);
  if (typeof quantity !== 'number') return quantity;
  return joinResolvedItem(item, quantity, items);
}

function unknownWords(parts: JoinParts, signal: Signal, text: string, items: readonly IndexedItem[]): ParsedCommand {
  if (!namesAnItem(parts, signal, text)) return NONE;
  return items.length === 0 ? invalid('no_items', { items }) : invalid('item_not_found', { items }, text);
}

/** Whether unknown words next to a quantity are meant as an item name (→ "no such item") or are just chat. */
function namesAnItem(parts: JoinParts, signal: Signal, text: string): boolean {
  if (parts.quantities.length === 0) return false; // 接龙开始啦, 我要睡觉
  // +1 说得对, 同意+1, -1 不同意 — but "接龙 +1 苹果" is an order whatever the sign.
  if (parts.intent === null && parts.quantities.every(isAgreementSign)) return false;
  if (signal === 'weak' && !(parts.intent === 'verb' && parts.quantities.some((q) => q.hasUnit))) return false;
  return !looksLikeConversation(text);
}

function isAgreementSign(mark: QuantityMark): boolean {
  return (mark.kind === 'plus' || mark.kind === 'minus') && mark.value === 1 && !mark.hasUnit;
}

function looksLikeConversation(text: string): boolean {
  const chars = charCount(text.replace(/ /g, ''));
  return chars <= 1 || chars > MAX_ITEM_NAME_CHARS || CONVERSATION_CHARS.test(text) || /\d/.test(text);
}

/** The one quantity of the message (1 when none is written), or the reply explaining what is wrong with it. */
function readQuantity(marks: readonly QuantityMark[], items: readonly IndexedItem[]): number | ParsedCommand {
  const [mark, ...others] = marks;
  if (mark === undefined) return 1;
  if (others.length > 0) return invalid('multiple_quantities', { items });
  if (mark.kind === 'minus') return invalid('decrease_unsupported', { items });
  switch (checkQuantity(mark.value)) {
    case 'ok':
      return mark.value;
    case 'not_whole':
      return invalid('quantity_not_whole', { items });
    case 'out_of_range':
      return invalid('quantity_out_of_range', { items });
  }
}

// ---------------------------------------------------------------------------------------------------------
// Which item: every piece of the message that names one (exact name, number, leftover words) must agree.

type ItemResolution =
  | { readonly kind: 'unnamed' }
  | { readonly kind: 'found'; readonly index: number }
  | { readonly kind: 'ambiguous'; readonly unclear: boolean; readonly candidates: readonly number[]; readonly label: string }
  | { readonly kind: 'several' }
  | { readonly kind: 'number_not_found'; readonly number: number }
  | { readonly kind: 'unknown_words'; readonly text: string };

/** What is left once unknown words and several items have been answered. */
type JoinableResolution = Exclude<ItemResolution, { kind: 'several' } | { kind: 'unknown_words' }>;

interface Reference {
  readonly candidates: readonly number[];
  readonly label: string;
  /** From a one-character guess (桃): never enough on its own to order. */
  readonly unclear: boolean;
}

function resolveItem(parts: JoinParts, items: readonly IndexedItem[]): ItemResolution {
  const references: Reference[] = parts.namedItems.map((ref) => ({ ...ref, unclear: false }));
  if (parts.words.length > 0) {
    const fromWords = referencesFromWords(parts.words, items);
    if (fromWords === null) return { kind: 'unknown_words', text: parts.words.join(' ') };
    references.push(...fromWords);
  }
  for (const number of parts.itemNumbers) {
    const index = findItemByNumber(items, number);
    if (index === null) return { kind: 'number_not_found', number };
    references.push({ candidates: [index], label: `${number}号`, unclear: false });
  }
  return combineReferences(references);
}

/** The leftover words as one name ("奉化 水蜜桃"), else word by word; null if any word names nothing. */
function referencesFromWords(words: readonly string[], items: readonly IndexedItem[]): Reference[] | null {
  const whole = words.join('');
  const match = matchItemName(items, whole);
  if (match.kind !== 'not_found') return [toReference(match, whole)];
  if (words.length === 1) return null;
  const references: Reference[] = [];
  for (const word of words) {
    const wordMatch = matchItemName(items, word);
    if (wordMatch.kind === 'not_found') return null;
    references.push(toReference(wordMatch, word));
  }
  return references;
}

function toReference(match: Exclude<NameMatch, { kind: 'not_found' }>, label: string): Reference {
  if (match.kind === 'found') return { candidates: [match.index], label, unclear: false };
  return { candidates: match.candidates, label, unclear: match.kind === 'unclear' };
}

function combineReferences(references: readonly Reference[]): ItemResolution {
  const [first] = references;
  if (first === undefined) return { kind: 'unnamed' };
  const definite = new Set(references.filter((r) => r.candidates.length === 1 && !r.unclear).map((r) => r.candidates[0]));
  if (definite.size > 1) return { kind: 'several' };
  const common = first.candidates.filter((index) => references.every((r) => r.candidates.includes(index)));
  const allUnclear = references.every((r) => r.unclear);
  const [only] = common;
  if (common.length === 0) return { kind: 'several' };
  if (common.length === 1 && only !== undefined && !allUnclear) return { kind: 'found', index: only };
  const label = references.find((r) => r.candidates.length > 1 || r.unclear)?.label ?? first.label;
  return { kind: 'ambiguous', unclear: allUnclear, candidates: common, label };
}

function joinResolvedItem(item: JoinableResolution, quantity: number, items: readonly IndexedItem[]): ParsedCommand {
  const ctx: ReasonContext = { items, quantity };
  switch (item.kind) {
    case 'found':
      return { kind: 'join', quantity, itemIndex: item.index };
    case 'unnamed': {
      const [only] = items;
      if (items.length === 1 && only) return { kind: 'join', quantity, itemIndex: only.index };
      return ambiguous('item_not_named', items.map((i) => i.index).sort((a, b) => a - b), ctx);
    }
    case 'ambiguous':
      return ambiguous(item.unclear ? 'item_name_unclear' : 'item_name_ambiguous', item.candidates, ctx, item.label);
    case 'number_not_found':
      return invalid('item_number_not_found', ctx, String(item.number));
  }
}
