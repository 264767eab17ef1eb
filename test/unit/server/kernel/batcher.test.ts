import { KeyedBatcher } from '../../../../server/kernel/batcher';

describe('KeyedBatcher', () => {
  it('writes one request alone, and batches what arrives while a batch is in flight', async () => {
    const batches: number[][] = [];
    const b = new KeyedBatcher<string, number, number>(async (_k, inputs) => {
      batches.push(inputs);
      await new Promise((r) => setTimeout(r, 20));
      return inputs.map((x) => ({ ok: true as const, value: x * 2 }));
    });
    const first = b.submit('c1', 1);
    await new Promise((r) => setTimeout(r, 5));
    const rest = [2, 3, 4].map((x) => b.submit('c1', x));
    expect(await Promise.all([first, ...rest])).toEqual([2, 4, 6, 8]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('keeps keys independent and delivers per-request errors', async () => {
    const b = new KeyedBatcher<string, number, number>(async (_k, inputs) =>
      inputs.map((x) => (x < 0 ? { ok: false as const, error: new Error(`bad ${x}`) } : { ok: true as const, value: x })));
    await expect(b.submit('a', -1)).rejects.toThrow('bad -1');
    await expect(b.submit('b', 5)).resolves.toBe(5);
  });

  it('fails the whole batch when the flush throws, and keeps working after', async () => {
    let fail = true;
    const b = new KeyedBatcher<string, number, number>(async (_k, inputs) => {
      if (fail) { fail = false; throw new Error('db down'); }
      return inputs.map((x) => ({ ok: true as const, value: x }));
    });
    await expect(b.submit('a', 1)).rejects.toThrow('db down');
    await expect(b.submit('a', 2)).resolves.toBe(2);
  });
});
