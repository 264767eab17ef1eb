/**
 * What the chat command parser understands. Pure types: the bot port turns a ParsedCommand into a call to a
 * flow (join → pending order, cancel, query) or into a reply (help, ambiguous, invalid), and ignores `none`.
 */

/** One item of the campaign the chat group is bound to, as the parser needs to see it. */
export interface CommandItem {
  /** 1-based number shown to members in the campaign message ("1. 奉化水蜜桃"); what `2号` / `#2` refer to. */
  readonly index: number;
  readonly name: string;
  /** Short names members actually type: 桃子 for 奉化水蜜桃, peach, … */
  readonly aliases?: readonly string[];
}

export interface ParseContext {
  /** Items of the campaign currently open in this group. Empty when nothing is open. */
  readonly items: ReadonlyArray<CommandItem>;
}

/** Why a command-looking message needs the member to say more. No order is created. */
export type AmbiguityCode =
  /** `+1` in a campaign with several items, and no item named. */
  | 'item_not_named'
  /** The words fit several items equally well: a shared alias, or `大米` when 五常大米 and 东北大米 are both on sale. */
  | 'item_name_ambiguous'
  /** A one-character name (`+2 桃`): too little to order on, so the bot asks instead of guessing. */
  | 'item_name_unclear';

/** Why a command-looking message cannot be carried out as written. No order is created. */
export type InvalidCode =
  /** The group has no open campaign. */
  | 'no_items'
  /** Quantity 0, or above MAX_QUANTITY. */
  | 'quantity_out_of_range'
  /** `+1.5`. */
  | 'quantity_not_whole'
  /** `+1 +1`, `+1 2份`: we will not guess which one was meant, nor add them up. */
  | 'multiple_quantities'
  /** `-1`, `桃子-1`: there is no "decrease" command; cancel and join again. */
  | 'decrease_unsupported'
  /** A name that matches no item (`+2 苹果`). Only for messages that clearly are orders; see the parser. */
  | 'item_not_found'
  /** `+1 5号` when the campaign has two items. */
  | 'item_number_not_found'
  /** `+1 桃子 +1 大米`: one order per message. */
  | 'multiple_items'
  /** A copy of WeChat's own 接龙 list ("#接龙\n1. 王姐 +1\n2. …"): we cannot tell which line is the sender's. */
  | 'pasted_list';

/**
 * The result of reading one chat message. Exactly one of:
 * - `join`: create (or add to) a pending order — `quantity` is within MIN_QUANTITY..MAX_QUANTITY and
 *   `itemIndex` is the `index` of an item in the context (always resolved: with one item, that item).
 * - `cancel`: cancel the member's pending orders in this campaign; `itemIndex` null means all of them,
 *   a number means only that item's ("取消桃子").
 * - `query`: list the member's orders. `help`: explain the commands.
 * - `ambiguous`: looks like an order but which item is unclear; `candidates` are item indexes to offer.
 * - `invalid`: looks like an order but cannot be done as written.
 * - `none`: ordinary chat. The bot must stay silent: most messages in a group are not commands.
 * `reason` is a short Chinese sentence the bot can send back as is.
 */
export type ParsedCommand =
  | { readonly kind: 'join'; readonly quantity: number; readonly itemIndex: number }
  | { readonly kind: 'cancel'; readonly itemIndex: number | null }
  | { readonly kind: 'query' }
  | { readonly kind: 'help' }
  | { readonly kind: 'ambiguous'; readonly code: AmbiguityCode; readonly reason: string; readonly candidates: readonly number[] }
  | { readonly kind: 'invalid'; readonly code: InvalidCode; readonly reason: string }
  | { readonly kind: 'none' };

export type ParsedCommandKind = ParsedCommand['kind'];

/** Bounds of one order line typed in chat. Bigger orders go through the mini-program. */
export const MIN_QUANTITY = 1;
export const MAX_QUANTITY = 99;
