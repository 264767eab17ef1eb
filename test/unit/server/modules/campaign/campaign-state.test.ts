import { campaignGuard, campaignTransitions, EDITABLE_FIELDS, type CampaignFacts } from '../../../../../server/modules/campaign/campaign.state';
import { canTransition } from '../../../../../server/kernel/fsm';
import { isThresholdReached, reachedTierIndex, tierPrice, unpaidOrderExpiry, validateTiers, validateTimes } from '../../../../../server/modules/campaign/campaign.rules';
import { CAMPAIGN_STATUSES, type CampaignStatus } from '../../../../../shared/types/statuses';

const now = new Date('2026-11-22T02:00:00Z');
const hour = 3600_000;
const facts = (over: Partial<CampaignFacts> = {}): CampaignFacts => ({
  status: 'open', startsAt: new Date(+now - hour), deadlineAt: new Date(+now + hour), thresholdKind: 'participants', thresholdValue: 3,
  paidParticipants: 0, paidQuantity: 0, itemCount: 1, pickupPointCount: 1, allSoldOut: false, ...over,
});

describe('campaign state machine', () => {
  const allowed: Array<[CampaignStatus, CampaignStatus]> = [
    ['draft', 'scheduled'], ['draft', 'open'], ['draft', 'cancelled'],
    ['scheduled', 'draft'], ['scheduled', 'open'], ['scheduled', 'cancelled'],
    ['open', 'closed'], ['open', 'failed'], ['open', 'cancelled'],
    ['closed', 'fulfilling'], ['closed', 'completed'], ['fulfilling', 'completed'],
  ];
  const key = (a: string, b: string) => `${a}→${b}`;
  const allowedKeys = new Set(allowed.map(([a, b]) => key(a, b)));

  it.each(allowed)('allows %s → %s', (from, to) => expect(canTransition(campaignTransitions, from, to)).toBe(true));

  const refused = CAMPAIGN_STATUSES.flatMap((from) => CAMPAIGN_STATUSES.filter((to) => !allowedKeys.has(key(from, to))).map((to) => [from, to] as [CampaignStatus, CampaignStatus]));
  it.each(refused)('refuses %s → %s', (from, to) => expect(canTransition(campaignTransitions, from, to)).toBe(false));

  it('terminal states go nowhere', () => {
    for (const s of ['completed', 'failed', 'cancelled'] as const) expect(campaignTransitions[s]).toEqual([]);
  });

  describe('guards, with reasons', () => {
    it('opening needs items, pickup points and a future deadline', () => {
      expect(campaignGuard(facts({ status: 'draft', itemCount: 0 }), 'open', 'leader', now)).toMatch(/商品/);
      expect(campaignGuard(facts({ status: 'draft', pickupPointCount: 0 }), 'open', 'leader', now)).toMatch(/自提点/);
      expect(campaignGuard(facts({ status: 'draft', deadlineAt: new Date(+now - 1) }), 'open', 'leader', now)).toMatch(/截止/);
      expect(campaignGuard(facts({ status: 'draft' }), 'open', 'leader', now)).toBeNull();
    });
    it('scheduling needs a start in the future', () => {
      expect(campaignGuard(facts({ status: 'draft' }), 'scheduled', 'leader', now)).toMatch(/开团时间已到/);
      expect(campaignGuard(facts({ status: 'draft', startsAt: new Date(+now + 1) }), 'scheduled', 'leader', now)).toBeNull();
    });
    it('closing: only the system, only when reached, only at the deadline or sold out', () => {
      const reached = { paidParticipants: 3 };
      expect(campaignGuard(facts(reached), 'closed', 'leader', now)).toMatch(/系统/);
      expect(campaignGuard(facts(), 'closed', 'system', new Date(+now + 2 * hour))).toMatch(/未达到/);
      expect(campaignGuard(facts(reached), 'closed', 'system', now)).toMatch(/未到截止/);
      expect(campaignGuard(facts({ ...reached, allSoldOut: true }), 'closed', 'system', now)).toBeNull();
      expect(campaignGuard(facts(reached), 'closed', 'system', new Date(+now + 2 * hour))).toBeNull();
    });
    it('failing: only the system, only past the deadline, only below threshold', () => {
      const after = new Date(+now + 2 * hour);
      expect(campaignGuard(facts(), 'failed', 'admin', after)).toMatch(/系统/);
      expect(campaignGuard(facts(), 'failed', 'system', now)).toMatch(/未到截止/);
      expect(campaignGuard(facts({ paidParticipants: 3 }), 'failed', 'system', after)).toMatch(/已达到/);
      expect(campaignGuard(facts({ paidParticipants: 2 }), 'failed', 'system', after)).toBeNull();
    });
    it('a leader may cancel only before success; an admin always', () => {
      expect(campaignGuard(facts({ paidParticipants: 3 }), 'cancelled', 'leader', now)).toMatch(/已成团/);
      expect(campaignGuard(facts({ paidParticipants: 2 }), 'cancelled', 'leader', now)).toBeNull();
      expect(campaignGuard(facts({ paidParticipants: 3 }), 'cancelled', 'admin', now)).toBeNull();
    });
  });

  it('what may be edited shrinks as the campaign goes on', () => {
    expect(EDITABLE_FIELDS.draft).toContain('items');
    expect(EDITABLE_FIELDS.open).not.toContain('items');
    expect(EDITABLE_FIELDS.open).not.toContain('thresholdValue');
    expect(EDITABLE_FIELDS.completed).toEqual([]);
  });
});

describe('campaign rules', () => {
  it('thresholds count participants or quantity', () => {
    expect(isThresholdReached('participants', 3, 3, 0)).toBe(true);
    expect(isThresholdReached('participants', 3, 2, 99)).toBe(false);
    expect(isThresholdReached('quantity', 10, 1, 10)).toBe(true);
  });
  it('tier price is the lowest reached, never above base', () => {
    const tiers = [{ minParticipants: 10, priceFen: 6200 }, { minParticipants: 20, priceFen: 5800 }];
    expect(tierPrice(6800, tiers, 9)).toBe(6800);
    expect(tierPrice(6800, tiers, 10)).toBe(6200);
    expect(tierPrice(6800, tiers, 25)).toBe(5800);
    expect(tierPrice(6000, [{ minParticipants: 2, priceFen: 7000 }], 5)).toBe(6000);
    expect(reachedTierIndex(tiers, 15)).toBe(0);
    expect(reachedTierIndex(tiers, 5)).toBeNull();
  });
  it('tiers must fall in price as participants rise', () => {
    expect(validateTiers(6800, [{ minParticipants: 10, priceFen: 6200 }, { minParticipants: 20, priceFen: 5800 }])).toBeNull();
    expect(validateTiers(6800, [{ minParticipants: 10, priceFen: 6900 }])).toMatch(/低于/);
    expect(validateTiers(6800, [{ minParticipants: 10, priceFen: 6000 }, { minParticipants: 20, priceFen: 6100 }])).toMatch(/低于/);
    expect(validateTiers(6800, [{ minParticipants: 10, priceFen: 6000 }, { minParticipants: 10, priceFen: 5000 }])).toMatch(/重复/);
  });
  it('times must be in order', () => {
    const t = { startsAt: new Date(0), deadlineAt: new Date(10), pickupStartsAt: new Date(10), pickupEndsAt: new Date(20) };
    expect(validateTimes(t)).toBeNull();
    expect(validateTimes({ ...t, deadlineAt: new Date(0) })).toMatch(/截止/);
    expect(validateTimes({ ...t, pickupStartsAt: new Date(5) })).toMatch(/自提/);
  });
  it('an unpaid order never outlives the deadline', () => {
    expect(unpaidOrderExpiry(now, 15, new Date(+now + hour)).getTime()).toBe(+now + 15 * 60_000);
    expect(unpaidOrderExpiry(now, 15, new Date(+now + 60_000)).getTime()).toBe(+now + 60_000);
  });
});
