import { indexItems, matchItemName, optimalStringAlignment } from '../../../../server/bot/item-matcher';
import { checkQuantity, readNumber } from '../../../../server/bot/quantity';

const items = indexItems([
  { index: 1, name: '奉化水蜜桃', aliases: ['桃子', 'Peach'] },
  { index: 2, name: '五常大米', aliases: ['大米'] },
  { index: 3, name: '东北大米' },
]);

describe('bot/item-matcher', () => {
  it.each([
    ['桃子', { kind: 'found', index: 1 }], // alias
    ['ＰＥＡＣＨ', { kind: 'found', index: 1 }], // full-width, any case
    ['水蜜桃', { kind: 'found', index: 1 }], // part of a name
    ['新鲜桃子', { kind: 'found', index: 1 }], // alias plus two characters
    ['奉化水密桃', { kind: 'found', index: 1 }], // one typo in a five-character name
    ['新鲜水蜜桃', { kind: 'found', index: 1 }], // shared core
    ['大米', { kind: 'found', index: 2 }], // an exact alias beats "part of 东北大米"
    ['米', { kind: 'unclear', candidates: [2, 3] }], // one character: ask
    ['东北', { kind: 'found', index: 3 }],
    ['小米', { kind: 'not_found' }], // no typo tolerance on two characters
    ['ea', { kind: 'not_found' }], // too short to look for inside names
    ['我想要水蜜桃的', { kind: 'not_found' }], // a sentence, not a name
    ['', { kind: 'not_found' }],
  ])('%s → %j', (words, expected) => {
    expect(matchItemName(items, words)).toEqual(expected);
  });

  it('reports a tie as ambiguous', () => {
    const twins = indexItems([{ index: 1, name: '五常大米' }, { index: 2, name: '五常香米' }]);
    expect(matchItemName(twins, '五常')).toEqual({ kind: 'ambiguous', candidates: [1, 2] });
  });

  it('counts a swap of neighbours as one edit', () => {
    expect(optimalStringAlignment([...'paech'], [...'peach'])).toBe(1);
    expect(optimalStringAlignment([...''], [...'abc'])).toBe(3);
  });
});

describe('bot/quantity', () => {
  it.each([
    ['2', 2], ['02', 2], ['1.5', 1.5], ['两', 2], ['俩', 2], ['十', 10], ['十二', 12], ['二十', 20], ['二十五', 25],
    ['零', 0], ['一百', 100], ['三千', 1000],
  ])('reads %s as %d', (token, value) => {
    expect(readNumber(token)).toBe(value);
  });

  it.each([
    [1, 'ok'], [99, 'ok'], [0, 'out_of_range'], [100, 'out_of_range'], [1e21, 'out_of_range'],
    [Number.POSITIVE_INFINITY, 'out_of_range'], [1.5, 'not_whole'], [Number.NaN, 'not_whole'],
  ])('checks %d as %s', (value, expected) => {
    expect(checkQuantity(value)).toBe(expected);
  });
});
