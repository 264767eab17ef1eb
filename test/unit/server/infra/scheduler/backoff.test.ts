import { defaultBackoff, exponentialBackoff } from '../../../../../server/infra/scheduler/backoff';

describe('exponentialBackoff', () => {
  it('doubles from the base after each failed attempt and stops at the cap', () => {
    const b = exponentialBackoff({ baseMs: 1_000, maxMs: 10_000 });
    expect([1, 2, 3, 4, 5, 50].map(b)).toEqual([1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
  });

  it('by default waits 10 s, then 20 s, … never more than 30 minutes', () => {
    expect([1, 2, 3].map(defaultBackoff)).toEqual([10_000, 20_000, 40_000]);
    expect(defaultBackoff(30)).toBe(30 * 60_000);
  });

  it('refuses a cap below the base', () => {
    expect(() => exponentialBackoff({ baseMs: 5_000, maxMs: 1_000 })).toThrow(RangeError);
  });
});
