import fc from 'fast-check';
import {
  MAX_QUANTITY, MIN_QUANTITY, parseCommand,
  type AmbiguityCode, type CommandItem, type InvalidCode, type ParseContext, type ParsedCommand,
} from '../../../../server/bot/command-parser';

const PEACH: CommandItem = { index: 1, name: '奉化水蜜桃', aliases: ['桃子', 'peach'] };
const RICE: CommandItem = { index: 2, name: '五常大米', aliases: ['大米', 'rice'] };
const twoItems: ParseContext = { items: [PEACH, RICE] };
const oneItem: ParseContext = { items: [{ index: 1, name: '奉化水蜜桃', aliases: ['桃子'] }] };
const noItems: ParseContext = { items: [] };

// Expected results. Replies are checked by code and candidates; their wording has its own tests below.
const join = (quantity: number, itemIndex: number) => ({ kind: 'join', quantity, itemIndex });
const cancel = (itemIndex: number | null = null) => ({ kind: 'cancel', itemIndex });
const ask = (code: AmbiguityCode, candidates: number[]) => ({ kind: 'ambiguous', code, candidates });
const bad = (code: InvalidCode) => ({ kind: 'invalid', code });
const QUERY = { kind: 'query' };
const HELP = { kind: 'help' };
const NONE = { kind: 'none' };

type Row = readonly [line: string, expected: Record<string, unknown>];

/** Two-item campaign: 1 奉化水蜜桃 (桃子, peach), 2 五常大米 (大米, rice). */
const twoItemTable: readonly Row[] = [
  // joins: the forms from the issue, then the same with chat noise around them
  ['+1 桃子', join(1, 1)],
  ['+2 桃子', join(2, 1)],
  ['+ 2 桃子', join(2, 1)],
  ['＋２ 桃子', join(2, 1)],
  ['桃子+2', join(2, 1)],
  ['桃子 +2', join(2, 1)],
  ['+2桃子', join(2, 1)],
  ['+2 2号', join(2, 2)],
  ['2号 +1', join(1, 2)],
  ['#2 +1', join(1, 2)],
  ['＃２＋１', join(1, 2)],
  ['第二个 +3', join(3, 2)],
  ['接龙 桃子 2', join(2, 1)],
  ['接龙 2号', join(1, 2)],
  ['接龙+1 大米', join(1, 2)],
  ['我要2份桃子', join(2, 1)],
  ['我要两份大米', join(2, 2)],
  ['来一份水蜜桃', join(1, 1)],
  ['来俩桃子', join(2, 1)],
  ['大米 x3', join(3, 2)],
  ['桃子×２', join(2, 1)],
  ['桃子*2', join(2, 1)],
  ['五常大米 两袋', join(2, 2)],
  ['十二份桃子', join(12, 1)],
  ['+99 大米', join(99, 2)],
  ['@王姐 +1 桃子', join(1, 1)],
  ['@王姐\u2005+2 大米', join(2, 2)], // WeChat puts a four-per-em space after a mention
  ['➕1️⃣ 桃子🍑', join(1, 1)],
  ['+1 桃子[强][强]', join(1, 1)],
  ['+1\u200b 桃\u200d子', join(1, 1)],
  ['我也+1 桃子，谢谢团长！', join(1, 1)],
  ['团长 桃子+1 辛苦了🙏', join(1, 1)],
  ['+2 奉化水密桃', join(2, 1)], // typo: 密 for 蜜
  ['+1 新鲜水蜜桃', join(1, 1)],
  ['+2 五常', join(2, 2)],
  ['+1 PEACH', join(1, 1)],
  ['+1 paech', join(1, 1)],
  ['rice x2', join(2, 2)],
  ['Join 2 rice', join(2, 2)],
  ['「王姐：+1 桃子」\n- - - - - - - - - - - - - - -\n+2 大米', join(2, 2)],
  ['「王姐: 桃子还有吗」+1 桃子', join(1, 1)],
  // joins that need the member to say which item
  ['+1', ask('item_not_named', [1, 2])],
  ['接龙 2', ask('item_not_named', [1, 2])],
  ['来一份', ask('item_not_named', [1, 2])],
  ['+2 桃', ask('item_name_unclear', [1])],
  // joins that cannot be done as written
  ['+0 桃子', bad('quantity_out_of_range')],
  ['+1000 大米', bad('quantity_out_of_range')],
  ['一百份桃子', bad('quantity_out_of_range')],
  ['+1.5 桃子', bad('quantity_not_whole')],
  ['+1 +1', bad('multiple_quantities')],
  ['+1 桃子 +1 大米', bad('multiple_items')],
  ['+1 3号', bad('item_number_not_found')],
  ['+2 苹果', bad('item_not_found')],
  ['我要2箱苹果', bad('item_not_found')],
  ['-1', bad('decrease_unsupported')],
  ['桃子-1', bad('decrease_unsupported')],
  ['#接龙\n奉化水蜜桃\n\n1. 王姐 +1\n2. 李阿姨 桃子2份', bad('pasted_list')],
  // cancel, query, help
  ['取消', cancel()],
  ['取消接龙', cancel()],
  ['不要了', cancel()],
  ['我不要了[捂脸]', cancel()],
  ['Cancel', cancel()],
  ['取消桃子', cancel(1)],
  ['大米不要了', cancel(2)],
  ['取消 2号', cancel(2)],
  ['查询', QUERY],
  ['我的订单', QUERY],
  ['我的订单呢？', QUERY],
  ['帮助', HELP],
  ['HELP!', HELP],
  ['/help', HELP],
  ['怎么接龙？', HELP],
  ['@团购小助手 帮助', HELP],
  // ordinary chat: the bot stays silent
  ['+1 说得对', NONE],
  ['同意+1', NONE],
  ['好的+1', NONE],
  ['-1 不同意', NONE],
  ['lol +1 for that', NONE],
  ['?', NONE],
  ['？？？', NONE],
  ['还能+1吗？', NONE],
  ['桃子多少钱一份？', NONE],
  ['桃子好甜啊😋', NONE],
  ['+1 桃子很好吃', NONE],
  ['今天的大米什么时候到', NONE],
  ['接龙开始啦，大家踊跃参与', NONE],
  ['已接龙', NONE],
  ['取消了', NONE],
  ['活动取消了吗', NONE],
  ['收到，谢谢团长', NONE],
  ['我家两个孩子都爱吃', NONE],
  ['2个', NONE],
  ['3号楼 +1', NONE],
  ['1+1=2', NONE],
  ['明天下午3点到货', NONE],
  ['1. 奉化水蜜桃 39元\n2. 五常大米 59元', NONE],
  ['', NONE],
  ['  \u200b\u200b  ', NONE],
  ['👍👍👍', NONE],
  ['[玫瑰][玫瑰]', NONE],
];

/** One-item campaign: an unnamed join is that item. */
const oneItemTable: readonly Row[] = [
  ['+1', join(1, 1)],
  ['＋２', join(2, 1)],
  ['+1 😂', join(1, 1)],
  ['+1，谢谢团长', join(1, 1)],
  ['接龙 2', join(2, 1)],
  ['接龙', join(1, 1)],
  ['x3', join(3, 1)],
  ['来一份', join(1, 1)],
  ['我要2', join(2, 1)],
  ['+2 桃', ask('item_name_unclear', [1])],
  ['+2 大米', bad('item_not_found')],
  ['+1 2号', bad('item_number_not_found')],
  ['+1 说得对', NONE],
  ['接龙+1 大米', bad('item_not_found')],
  ['我要', NONE],
];

/** No campaign open in the group. */
const noItemTable: readonly Row[] = [
  ['+1', bad('no_items')],
  ['+2 桃子', bad('no_items')],
  ['取消', cancel()],
  ['我的订单', QUERY],
  ['帮助', HELP],
  ['+1 说得对', NONE],
];

describe('parseCommand', () => {
  it('has a table of at least 60 chat lines', () => {
    expect(twoItemTable.length + oneItemTable.length + noItemTable.length).toBeGreaterThanOrEqual(60);
  });

  describe.each([
    ['two items', twoItems, twoItemTable],
    ['one item', oneItem, oneItemTable],
    ['no open campaign', noItems, noItemTable],
  ] as const)('%s', (_label, ctx, table) => {
    it.each(table)('%j → %j', (line, expected) => {
      const result = parseCommand(line, ctx);
      expect(result).toMatchObject(expected);
      expect(isWellFormed(result, ctx.items)).toBe(true);
    });
  });

  describe('replies', () => {
    it('lists the items and gives an example to copy when the item is missing', () => {
      const result = parseCommand('+2', twoItems);
      expect(result.kind === 'ambiguous' && result.reason).toBe(
        '本次团购有多个商品，请写明要哪一个，例如「+2 1号」：1.奉化水蜜桃 2.五常大米',
      );
    });

    it('repeats the unknown name', () => {
      const result = parseCommand('+2 苹果', twoItems);
      expect(result.kind === 'invalid' && result.reason).toBe(
        '本次团购没有「苹果」。可选：1.奉化水蜜桃 2.五常大米，例如「+1 1号」。',
      );
    });

    it('shows a cancel example when the item to cancel is unclear', () => {
      const result = parseCommand('取消 桃', twoItems);
      expect(result).toMatchObject({ kind: 'ambiguous', code: 'item_name_unclear', candidates: [1] });
      expect(result.kind === 'ambiguous' && result.reason).toContain('取消 1号');
    });

    it('keeps long item names and long words short', () => {
      const ctx = { items: [{ index: 1, name: '特级'.repeat(30) }, { index: 2, name: '普通'.repeat(30) }] };
      const result = parseCommand('+1', ctx);
      expect(result.kind === 'ambiguous' && result.reason.length).toBeLessThan(100);
    });
  });

  describe('item matching', () => {
    it('finds names that contain digits or units instead of reading them as quantities', () => {
      const ctx = { items: [{ index: 1, name: '六个核桃' }, { index: 2, name: '5kg五常大米' }] };
      expect(parseCommand('六个核桃 +2', ctx)).toEqual(join(2, 1));
      expect(parseCommand('+1 5kg五常大米', ctx)).toEqual(join(1, 2));
    });

    it('asks when an alias or a partial name fits two items', () => {
      const ctx = { items: [{ index: 1, name: '五常大米' }, { index: 2, name: '东北大米' }] };
      expect(parseCommand('+1 大米', ctx)).toMatchObject(ask('item_name_ambiguous', [1, 2]));
      expect(parseCommand('+1 五常', ctx)).toEqual(join(1, 1));
    });

    it('gives no typo tolerance to two-character names', () => {
      const ctx = { items: [{ index: 1, name: '大米' }, { index: 2, name: '桃子' }] };
      expect(parseCommand('+2 小米', ctx)).toMatchObject(bad('item_not_found'));
    });

    it('uses item numbers as given, even when they do not start at 1', () => {
      const ctx = { items: [{ index: 3, name: '奉化水蜜桃' }, { index: 7, name: '五常大米' }] };
      expect(parseCommand('7号+2', ctx)).toEqual(join(2, 7));
      expect(parseCommand('+2 1号', ctx)).toMatchObject(bad('item_number_not_found'));
    });
  });

  describe('robustness', () => {
    it.each([
      ['empty', ''],
      ['10,000 characters', '+1 桃子 '.repeat(2_000).slice(0, 10_000)],
      ['10,000 plus signs', '+'.repeat(10_000)],
      ['lone surrogates', '\uD800+1\uDC00 \uDBFF桃子'],
      ['control characters', '\u0000\u0001+1\u0007\u001b[31m桃子\u007f'],
      ['bidi overrides', '\u202e1+ 子桃\u202c'],
      ['a combining-mark pile', '+1\u0301\u0302\u0303\u0304 桃子'],
    ])('does not throw on %s', (_label, text) => {
      expect(isWellFormed(parseCommand(text, twoItems), twoItems.items)).toBe(true);
    });

    it('survives a context that breaks its type', () => {
      const broken = [
        undefined, null, {}, { items: null }, { items: 'x' },
        { items: [null, { index: Number.NaN, name: 'x' }, { index: 1 }, { index: 2, name: 42, aliases: 'x' }] },
      ] as unknown as ParseContext[];
      for (const ctx of broken) {
        expect(() => parseCommand('+1 桃子', ctx)).not.toThrow();
        expect(parseCommand('+1 桃子', ctx).kind).not.toBe('join');
      }
      expect(parseCommand(undefined as unknown as string, twoItems)).toEqual(NONE);
    });
  });
});

// ---------------------------------------------------------------------------------------------------------
// Fuzzing: whatever arrives, the result is one of the documented shapes, and a join is always a valid order.

const KINDS = new Set(['join', 'cancel', 'query', 'help', 'ambiguous', 'invalid', 'none']);

function isWellFormed(result: ParsedCommand, items: ReadonlyArray<CommandItem>): boolean {
  const indexes = new Set(items.map((item) => item.index));
  switch (result.kind) {
    case 'join':
      return Number.isInteger(result.quantity) && result.quantity >= MIN_QUANTITY && result.quantity <= MAX_QUANTITY
        && indexes.has(result.itemIndex);
    case 'cancel':
      return result.itemIndex === null || indexes.has(result.itemIndex);
    case 'ambiguous':
      return isReplyText(result.reason) && result.candidates.length > 0 && result.candidates.every((i) => indexes.has(i));
    case 'invalid':
      return isReplyText(result.reason);
    case 'query':
    case 'help':
    case 'none':
      return Object.keys(result).length === 1 && KINDS.has(result.kind);
    default:
      return false;
  }
}

/** A reply is Chinese, short, and free of broken characters. */
function isReplyText(reason: string): boolean {
  return /\p{Script=Han}/u.test(reason) && reason.length < 200 && !/[\uD800-\uDFFF]/u.test(reason.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''));
}

/** Pieces of real commands and of chat noise, glued at random: the inputs most likely to confuse a grammar. */
const FRAGMENTS = [
  '+', '＋', '-', '－', 'x', '×', '*', '#', '＃', '?', '？', '.', '。', ',', '，', ' ', '  ', '\n', '\u2005', '\u200b',
  '0', '1', '2', '２', '9', '99', '100', '1000', '1.5', '01', '一', '两', '俩', '十', '二十五', '一百',
  '份', '个', '箱', '号', '第', '楼', '桃子', '桃', '大米', '米', '奉化水蜜桃', '五常大米', '水密桃', 'peach', 'rice',
  '接龙', '我要', '来', '取消', '不要了', '查询', '我的订单', '帮助', 'help', 'cancel', 'join', '说得对', '同意',
  '谢谢团长', '吗', '了', '的', '@王姐', '@', '😂', '🍑', '👍🏻', '➕', '✖️', '[强]', '[', ']', '「王姐：', '」',
  '- - - - - - - - - - - - - - -', '#接龙', '1. ', '\uD800', '\uDC00', '\u0000', '\u202e', '\u0301', 'ａｂｃ',
];
const commandish = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 12 }).map((parts) => parts.join(''));

/** Any UTF-16 code unit, lone surrogates included. */
const anyCodeUnits = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 60 });
const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), anyCodeUnits, fc.string({ unit: 'grapheme', maxLength: 60 }));

const itemArb: fc.Arbitrary<CommandItem> = fc.record({
  index: fc.oneof(fc.integer({ min: -2, max: 12 }), fc.constantFrom(Number.NaN, 1.5, Number.MAX_SAFE_INTEGER)),
  name: fc.oneof(fc.constantFrom('奉化水蜜桃', '五常大米', '桃子', '大米', '', '+1', '2号', '六个核桃'), fc.string({ maxLength: 12 })),
  aliases: fc.array(fc.oneof(fc.constantFrom('桃子', '大米', '桃', 'x2', '接龙'), fc.string({ maxLength: 6 })), { maxLength: 3 }),
});
const contextArb = fc.array(itemArb, { maxLength: 6 }).map((items): ParseContext => ({ items }));

const RUNS = 5_000;

describe('parseCommand fuzzing', () => {
  it('never throws on random text, and always returns a well-formed result', () => {
    fc.assert(fc.property(anyText, (text) => isWellFormed(parseCommand(text, twoItems), twoItems.items)), { numRuns: RUNS });
  });

  it('never creates an order from random text that has no number in it', () => {
    const numberless = anyText.filter((text) => !/[\p{N}零〇一二两三四五六七八九十百千万俩仨]/u.test(text.normalize('NFKC')));
    fc.assert(fc.property(numberless, (text) => parseCommand(text, oneItem).kind !== 'join'), { numRuns: RUNS });
  });

  it('never creates an order from chat that mentions the items without a quantity or a command word', () => {
    const chat = fc
      .array(fc.constantFrom('桃子', '大米', '奉化水蜜桃', '今天', '真甜', '好吃', '哈哈', '团长', '辛苦了', '什么时候到',
        '在吗', '收到', '谢谢', '👍', '[强]', '，', '。', '！', ' ', '@王姐 ', '明天', '下午', '取货'), { minLength: 1, maxLength: 8 })
      .map((parts) => parts.join(''));
    fc.assert(fc.property(chat, (text) => parseCommand(text, twoItems).kind !== 'join'), { numRuns: RUNS });
  });

  it('returns a well-formed result for random mixes of command fragments', () => {
    fc.assert(fc.property(commandish, (text) => isWellFormed(parseCommand(text, twoItems), twoItems.items)), { numRuns: RUNS });
  });

  it('never joins an item that is not in the campaign, whatever the catalogue looks like', () => {
    fc.assert(
      fc.property(contextArb, fc.oneof(commandish, anyText), (ctx, text) => isWellFormed(parseCommand(text, ctx), ctx.items)),
      { numRuns: RUNS },
    );
  });

  it('reads every quantity from 1 to 99, in half- or full-width, before or after the item', () => {
    const fullWidth = (s: string) => s.replace(/[0-9+]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    fc.assert(
      fc.property(fc.integer({ min: MIN_QUANTITY, max: MAX_QUANTITY }), fc.constantFrom(PEACH, RICE), fc.boolean(), (n, item, wide) => {
        const alias = item.aliases?.[0] ?? item.name;
        for (const line of [`+${n} ${alias}`, `${alias}+${n}`, `${item.index}号 +${n}`, `接龙 ${alias} ${n}`]) {
          expect(parseCommand(wide ? fullWidth(line) : line, twoItems)).toEqual(join(n, item.index));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('refuses quantities outside 1–99 with a reason instead of an order', () => {
    const outside = fc.oneof(fc.constant(0), fc.integer({ min: MAX_QUANTITY + 1, max: 10 ** 9 }), fc.bigInt({ min: 10n ** 15n, max: 10n ** 40n }));
    fc.assert(
      fc.property(outside, (n) => {
        expect(parseCommand(`+${n} 桃子`, twoItems)).toMatchObject(bad('quantity_out_of_range'));
      }),
      { numRuns: 500 },
    );
  });
});
