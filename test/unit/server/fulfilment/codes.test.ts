import { formatPickupCode, newPickupCode, normalisePickupCode, pickupCodeTail, PICKUP_CODE_ALPHABET, shipmentTransitions } from '../../../../server/modules/pickup';
import { leaderTransitions, newLeaderCode } from '../../../../server/modules/community';
import { parseShareScene, shareScene } from '../../../../server/flows/share.flow';
import { assertValidScene } from '../../../../server/infra/wechat/wxacode.client';
import { wrapText } from '../../../../server/infra/share/poster';
import { canTransition } from '../../../../server/kernel/fsm';

describe('pickup codes', () => {
  it('are 8 symbols from an alphabet without look-alikes, and differ', () => {
    const codes = Array.from({ length: 2000 }, newPickupCode);
    for (const c of codes) expect(c).toMatch(/^[A-Z2-9]{8}$/);
    expect(PICKUP_CODE_ALPHABET).not.toMatch(/[01ILOU]/);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it.each([
    ['abcd-efgh', 'ABCDEFGH'], [' ABCD EFGH ', 'ABCDEFGH'], ['ABCDEFGH', 'ABCDEFGH'],
    ['ABCDEFG', null], ['ABCDEFGHJ', null], ['ABCDEFG0', null], ['ABCDEFGI', null], ['', null], ['ABCD_EFGH', null],
  ])('normalise(%j) = %j', (input, expected) => {
    expect(normalisePickupCode(input)).toBe(expected);
  });

  it('format and tail', () => {
    expect(formatPickupCode('ABCDEFGH')).toBe('ABCD-EFGH');
    expect(pickupCodeTail('ABCDEFGH')).toBe('FGH');
    expect(pickupCodeTail(null)).toBeNull();
  });
});

describe('share scene', () => {
  it('round-trips and fits WeChat\'s 32 characters even for the longest ids and codes', () => {
    const scene = shareScene(2_147_483_647, 'ABCDEFGHJKLMNPQR');
    expect(scene.length).toBeLessThanOrEqual(32);
    expect(parseShareScene(scene)).toEqual({ campaignId: 2_147_483_647, leaderCode: 'ABCDEFGHJKLMNPQR' });
  });

  it.each(['', 'c=1', 'c=0x1&l=ABCD', 'c=1&l=abcd', 'c=1&l=ABCD&x=1', `c=1&l=${'A'.repeat(40)}`])('refuses %j', (s) => {
    expect(parseShareScene(s)).toBeNull();
  });

  it('WeChat\'s scene rules: length and characters', () => {
    expect(() => assertValidScene('c=1&l=AB')).not.toThrow();
    expect(() => assertValidScene('x'.repeat(33))).toThrow();
    expect(() => assertValidScene('中文')).toThrow();
    expect(() => assertValidScene('a%20b')).toThrow();
  });
});

describe('leader codes and state tables', () => {
  it('leader codes fit the join body\'s pattern', () => {
    for (let i = 0; i < 200; i++) expect(newLeaderCode()).toMatch(/^[A-Z0-9]{4,16}$/);
  });

  it('approvals: pending → approved | rejected; rejected → pending; never approved → pending', () => {
    expect(canTransition(leaderTransitions, 'pending', 'approved')).toBe(true);
    expect(canTransition(leaderTransitions, 'rejected', 'pending')).toBe(true);
    expect(canTransition(leaderTransitions, 'rejected', 'approved')).toBe(false);
    expect(canTransition(leaderTransitions, 'approved', 'pending')).toBe(false);
  });

  it('shipments: pending → shipped → (partially_)arrived; nothing after arrived', () => {
    expect(canTransition(shipmentTransitions, 'pending', 'arrived')).toBe(false);
    expect(canTransition(shipmentTransitions, 'partially_arrived', 'arrived')).toBe(true);
    expect(shipmentTransitions.arrived).toEqual([]);
  });
});

describe('poster text wrapping', () => {
  it('breaks CJK text by width and marks a cut with an ellipsis', () => {
    expect(wrapText('奉化水蜜桃', 14, 2)).toEqual(['奉化水蜜桃']);
    const lines = wrapText('奉化水蜜桃五斤装八到十个产地直发冷链到店今日下单后天到货', 10, 2);
    expect(lines).toHaveLength(2);
    expect(lines[1].endsWith('…')).toBe(true);
    expect(wrapText('abc def ghi', 3, 5).every((l) => l.length <= 6)).toBe(true);
  });
});
