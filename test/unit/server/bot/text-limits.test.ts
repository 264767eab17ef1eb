import fc from 'fast-check';
import { splitList, summariseList, truncateBytes, utf8Bytes, type ListMessage } from '../../../../server/modules/bot/text-limits';

const list = (n: number, name = '王阿姨'): ListMessage => ({
  head: ['【接龙】奉化水蜜桃', `已有 ${n} 人参团`],
  lines: Array.from({ length: n }, (_, i) => `${i + 1}. ${name}${i} 桃子×2`),
  tail: ['https://linli.example/pages/campaign/index?id=1'],
  omitted: (k) => `…… 另有 ${k} 位邻居，完整接龙见链接`,
});

/** Well-formed: re-encoding changes nothing (no half characters, no lone surrogates). */
const wellFormed = (s: string) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

describe('text limits (UTF-8 bytes, whole characters)', () => {
  it('counts bytes, not characters', () => {
    expect(utf8Bytes('桃')).toBe(3);
    expect(utf8Bytes('🍑')).toBe(4);
    expect(utf8Bytes('a')).toBe(1);
  });

  it('truncates by whole code points, emoji and all, and marks the cut', () => {
    expect(truncateBytes('桃桃桃', 9)).toBe('桃桃桃');
    expect(truncateBytes('桃桃桃', 8)).toBe('桃…');
    expect(truncateBytes('🍑🍑🍑', 9)).toBe('🍑…');
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), fc.integer({ min: 0, max: 200 }), (s, max) => {
      const out = truncateBytes(s, max);
      expect(utf8Bytes(out)).toBeLessThanOrEqual(Math.max(max, 0));
      expect(wellFormed(out)).toBe(true);
    }), { numRuns: 2000 });
  });

  it('keeps a short list whole', () => {
    expect(summariseList(list(3), 2048)).toBe('【接龙】奉化水蜜桃\n已有 3 人参团\n1. 王阿姨0 桃子×2\n2. 王阿姨1 桃子×2\n3. 王阿姨2 桃子×2\nhttps://linli.example/pages/campaign/index?id=1');
  });

  it('summarises a long list within the limit, whole lines only, saying how many were left out, link kept', () => {
    const out = summariseList(list(300), 2048);
    expect(utf8Bytes(out)).toBeLessThanOrEqual(2048);
    const lines = out.split('\n');
    expect(lines.at(-1)).toBe('https://linli.example/pages/campaign/index?id=1');
    const shown = lines.filter((l) => /^\d+\. 王阿姨\d+ 桃子×2$/.test(l)).length;
    expect(shown).toBeGreaterThan(50);
    expect(lines.at(-2)).toBe(`…… 另有 ${300 - shown} 位邻居，完整接龙见链接`);
  });

  it('splits a long list into at most N parts, in order, each within the limit, and summarises beyond', () => {
    const parts = splitList(list(120), 2048, 3);
    expect(parts.length).toBe(2);
    for (const p of parts) expect(utf8Bytes(p)).toBeLessThanOrEqual(2048);
    expect(parts[1].startsWith('（续 2/2）\n')).toBe(true);
    const numbers = parts.join('\n').split('\n').filter((l) => /^\d+\. /.test(l)).map((l) => parseInt(l, 10));
    expect(numbers).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    const many = splitList(list(1000), 2048, 3);
    expect(many).toHaveLength(3);
    expect(many[2]).toMatch(/…… 另有 \d+ 位邻居，完整接龙见链接\nhttps:\/\/linli\.example/);
  });

  it('never exceeds the limit nor breaks a character, whatever the names', () => {
    const names = fc.oneof(fc.string({ unit: 'grapheme', minLength: 0, maxLength: 30 }), fc.string({ unit: fc.integer({ min: 0xd7f0, max: 0xe010 }).map((c) => String.fromCharCode(c)), maxLength: 10 }));
    fc.assert(fc.property(fc.array(names, { maxLength: 400 }), fc.constantFrom(2048, 4096, 300), fc.integer({ min: 1, max: 4 }), (ns, max, maxParts) => {
      const m: ListMessage = { ...list(0), lines: ns.map((n, i) => `${i + 1}. ${n} 桃子×1`) };
      for (const part of [summariseList(m, max), ...splitList(m, max, maxParts)]) {
        expect(utf8Bytes(part)).toBeLessThanOrEqual(max);
        expect(wellFormed(part)).toBe(true);
      }
      expect(splitList(m, max, maxParts).length).toBeLessThanOrEqual(maxParts);
    }), { numRuns: 300 });
  });
});
