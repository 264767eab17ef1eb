import { ReadCache } from '../../../../server/kernel/read-cache';

describe('ReadCache', () => {
  let t = 0;
  const cache = () => new ReadCache(1000, 3, () => t);
  beforeEach(() => { t = 0; });

  it('serves a hit within the TTL, reloads after it, and shares one load among concurrent misses', async () => {
    const c = cache();
    let loads = 0;
    const load = async () => `v${++loads}`;
    expect(await Promise.all([c.get('a', load), c.get('a', load)])).toEqual(['v1', 'v1']);
    t = 999;
    expect(await c.get('a', load)).toBe('v1');
    t = 1000;
    expect(await c.get('a', load)).toBe('v2');
  });

  it('invalidates a key or a prefix', async () => {
    const c = cache();
    let n = 0;
    const load = async () => String(++n);
    await c.get('detail:1', load); await c.get('list:1', load); await c.get('list:2', load);
    c.invalidate('detail:1');
    c.invalidate('list:*');
    expect(await c.get('detail:1', load)).toBe('4');
    expect(await c.get('list:2', load)).toBe('5');
  });

  it('does not keep a failed load', async () => {
    const c = cache();
    await expect(c.get('a', async () => { throw new Error('db down'); })).rejects.toThrow('db down');
    expect(await c.get('a', async () => 'ok')).toBe('ok');
  });

  it('stays bounded', async () => {
    const c = cache();
    for (const k of ['a', 'b', 'c', 'd', 'e']) await c.get(k, async () => k);
    let reloaded = false;
    await c.get('a', async () => { reloaded = true; return 'a2'; });
    expect(reloaded).toBe(true);
  });
});
