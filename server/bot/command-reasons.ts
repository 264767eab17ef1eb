/**
 * The Chinese sentences that go back to the group when a command cannot be carried out. Each one says what
 * to type instead, with a real item number from the campaign, because that is what members copy.
 */
import type { AmbiguityCode, CommandItem, InvalidCode, ParsedCommand } from './command-types';
import { MAX_QUANTITY, MIN_QUANTITY } from './command-types';

type NamedItem = Pick<CommandItem, 'index' | 'name'>;

/** Long catalogues and long names would drown the chat; the campaign message has the full list. */
const MAX_LISTED_ITEMS = 6;
const MAX_NAME_CHARS = 12;
const MAX_ECHO_CHARS = 12;

export interface ReasonContext {
  readonly items: ReadonlyArray<NamedItem>;
  /** Which command the example should show. Default: join. */
  readonly command?: 'join' | 'cancel';
  /** The quantity the member typed, when it was valid: used in the example they will copy. */
  readonly quantity?: number;
}

export function invalid(code: InvalidCode, ctx: ReasonContext, detail = ''): ParsedCommand {
  return { kind: 'invalid', code, reason: invalidReason(code, ctx, detail) };
}

export function ambiguous(
  code: AmbiguityCode,
  candidates: readonly number[],
  ctx: ReasonContext,
  detail = '',
): ParsedCommand {
  return { kind: 'ambiguous', code, reason: ambiguityReason(code, candidates, ctx, detail), candidates };
}

function invalidReason(code: InvalidCode, ctx: ReasonContext, detail: string): string {
  switch (code) {
    case 'no_items':
      return '现在没有进行中的团购，暂时不能接龙。';
    case 'quantity_out_of_range':
      return `每次接龙数量需在${MIN_QUANTITY}到${MAX_QUANTITY}之间，例如「+2」。`;
    case 'quantity_not_whole':
      return '数量要是整数，例如「+2」。';
    case 'multiple_quantities':
      return '一条消息里有多个数量，请只写一个，例如「+2」。';
    case 'decrease_unsupported':
      return '不能直接减少数量：请先发送「取消」，再重新接龙。';
    case 'item_not_found':
      return `本次团购没有「${echo(detail)}」。${choose(ctx)}`;
    case 'item_number_not_found':
      return `没有${echo(detail)}号商品。${choose(ctx)}`;
    case 'multiple_items':
      return `一条消息只能接龙一个商品，请分开发送，例如「${example(ctx, firstIndex(ctx.items))}」。`;
    case 'pasted_list':
      return '机器人看不懂接龙列表，请直接在群里发送「+数量」，例如「+1」。';
  }
}

function ambiguityReason(
  code: AmbiguityCode,
  candidates: readonly number[],
  ctx: ReasonContext,
  detail: string,
): string {
  const offered = ctx.items.filter((item) => candidates.includes(item.index));
  const sample = example(ctx, candidates[0] ?? firstIndex(ctx.items));
  switch (code) {
    case 'item_not_named':
      return `本次团购有多个商品，请写明要哪一个，例如「${sample}」：${listItems(offered)}`;
    case 'item_name_ambiguous':
      return `「${echo(detail)}」对应多个商品，请用编号，例如「${sample}」：${listItems(offered)}`;
    case 'item_name_unclear':
      return `「${echo(detail)}」是指 ${listItems(offered)} 吗？请用编号，例如「${sample}」。`;
  }
}

function choose(ctx: ReasonContext): string {
  return `可选：${listItems(ctx.items)}，例如「${example(ctx, firstIndex(ctx.items))}」。`;
}

function example(ctx: ReasonContext, index: number): string {
  return ctx.command === 'cancel' ? `取消 ${index}号` : `+${ctx.quantity ?? 1} ${index}号`;
}

function firstIndex(items: ReadonlyArray<NamedItem>): number {
  return items[0]?.index ?? 1;
}

function listItems(items: ReadonlyArray<NamedItem>): string {
  const shown = items.slice(0, MAX_LISTED_ITEMS).map((item) => `${item.index}.${clip(item.name, MAX_NAME_CHARS)}`);
  return items.length > MAX_LISTED_ITEMS ? `${shown.join(' ')} 等` : shown.join(' ');
}

function echo(text: string): string {
  return clip(text, MAX_ECHO_CHARS);
}

function clip(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : text;
}
