/**
 * Commands that are a keyword rather than a quantity: 帮助, 查询 / 我的订单, 取消 (optionally with an item).
 * They must be (almost) the whole message: "活动取消了吗" mentions 取消 but is a question about the campaign.
 */
import type { ParsedCommand } from './command-types';
import { ambiguous, invalid } from './command-reasons';
import { findItemByNumber, matchItemName, type IndexedItem } from './item-matcher';
import { NUMBER_SOURCE, readNumber } from './quantity';
import {
  CANCEL_PREFIXES, CANCEL_SUFFIXES, CANCEL_TARGET_NOISE, HELP_WORDS, KEYWORD_LEADING_POLITENESS,
  KEYWORD_TRAILING_POLITENESS, QUERY_WORDS,
} from './vocabulary';

const HELP: ParsedCommand = { kind: 'help' };
const QUERY: ParsedCommand = { kind: 'query' };

/** A cancel target that is only an item number: 2号, #2, 第二个. */
const ITEM_NUMBER_ONLY = new RegExp(`^(?:#\\s*(\\d+)|(\\d+)\\s*号|第\\s*(${NUMBER_SOURCE})\\s*[个号款项种样]?)$`, 'u');

/** Help, query or cancel when the message is one of those; null to let the join grammar have a go. */
export function parseKeywordCommand(message: string, items: readonly IndexedItem[]): ParsedCommand | null {
  const core = withoutPoliteness(message.replace(/^\/\s*/, ''));
  const plain = core.replace(/\?/g, ' ').replace(/\s+/g, ' ').trim();
  if (isOneOf(HELP_WORDS, plain)) return HELP;
  // "我的订单呢?" asks for exactly what the query command answers.
  if (isOneOf(QUERY_WORDS, plain.replace(/[呢吗]$/u, '').trim())) return QUERY;
  return parseCancel(core, items);
}

function isOneOf(words: ReadonlySet<string>, text: string): boolean {
  return words.has(text) || words.has(text.replace(/ /g, ''));
}

function withoutPoliteness(text: string): string {
  let rest = text.trim();
  for (let before = ''; before !== rest; ) {
    before = rest;
    const lead = KEYWORD_LEADING_POLITENESS.find((word) => rest.startsWith(word) && rest.length > word.length);
    if (lead) rest = rest.slice(lead.length).trim();
    const tail = KEYWORD_TRAILING_POLITENESS.find((word) => rest.endsWith(word) && rest.length > word.length);
    if (tail) rest = rest.slice(0, rest.length - tail.length).trim();
  }
  return rest;
}

/**
 * 取消 / 取消接龙 / 不要了 → cancel everything; 取消桃子 / 桃子不要了 / 取消 2号 → cancel that item.
 * A question is never a cancel ("取消了吗?"), and neither is 取消 + words that name no item ("取消了",
 * "活动取消"): cancelling is destructive, so we only act on an unmistakable request.
 */
function parseCancel(core: string, items: readonly IndexedItem[]): ParsedCommand | null {
  if (/[?吗呢]/u.test(core)) return null;
  const target = cancelTarget(core);
  return target === null ? null : resolveCancelTarget(target, items);
}

function cancelTarget(core: string): string | null {
  const prefix = CANCEL_PREFIXES.find((word) => core.startsWith(word) && !continuesEnglishWord(core, word));
  if (prefix !== undefined) return core.slice(prefix.length);
  const suffix = CANCEL_SUFFIXES.find((word) => core.endsWith(word));
  return suffix === undefined ? null : core.slice(0, core.length - suffix.length);
}

/** "cancelled" is not "cancel" + "led". */
function continuesEnglishWord(text: string, word: string): boolean {
  return /[a-z]$/.test(word) && /^[a-z]/.test(text.slice(word.length));
}

function resolveCancelTarget(target: string, items: readonly IndexedItem[]): ParsedCommand | null {
  const words = withoutCancelNoise(target.replace(/[+\-*×.]/g, ' ').trim());
  if (words === '') return { kind: 'cancel', itemIndex: null };
  const numbered = ITEM_NUMBER_ONLY.exec(words);
  if (numbered) return cancelByNumber(readNumber(numbered[1] ?? numbered[2] ?? numbered[3] ?? ''), items);
  const match = matchItemName(items, words);
  switch (match.kind) {
    case 'found':
      return { kind: 'cancel', itemIndex: match.index };
    case 'ambiguous':
      return ambiguous('item_name_ambiguous', match.candidates, { items, command: 'cancel' }, words);
    case 'unclear':
      return ambiguous('item_name_unclear', match.candidates, { items, command: 'cancel' }, words);
    case 'not_found':
      return null;
  }
}

function cancelByNumber(number: number, items: readonly IndexedItem[]): ParsedCommand {
  const index = findItemByNumber(items, number);
  if (index === null) return invalid('item_number_not_found', { items, command: 'cancel' }, String(number));
  return { kind: 'cancel', itemIndex: index };
}

function withoutCancelNoise(text: string): string {
  let rest = text;
  for (let before = ''; before !== rest; ) {
    before = rest;
    const lead = CANCEL_TARGET_NOISE.find((word) => rest.startsWith(word));
    if (lead) rest = rest.slice(lead.length).trim();
    const tail = CANCEL_TARGET_NOISE.find((word) => rest.endsWith(word));
    if (tail) rest = rest.slice(0, rest.length - tail.length).trim();
  }
  return rest;
}
