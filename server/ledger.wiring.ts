/**
 * Composition of the commission ledger and settlement (part of the composition root, kept apart so that
 * container.ts only calls `wireLedger(c)`): services, flows, payout adapters, the LedgerHooks the group-buy
 * flows call, the rule version taken at payment, and the jobs (weekly settlement, payout checks).
 */
import type { Container } from './container';
import { LedgerService, ManualPayoutAdapter, SettlementService, WechatTransferPayoutAdapter, type PayoutAdapter } from './modules/ledger';
import { CommissionFlow } from './flows/commission.flow';
import { SettlementFlow, SETTLEMENT_RUN_JOB, PAYOUT_CHECK_JOB, type PayoutAdapters } from './flows/settlement.flow';
import { LedgerReports } from './flows/ledger-reports.flow';
import { createWechatTransferClient } from './infra/wechat/pay/transfer.client';
import { wechatPayOptionsFromConfig } from './infra/wechat/pay/options';

export interface CommissionWiring {
  ledger: LedgerService;
  settlements: SettlementService;
  /** The LedgerHooks implementation (also c.ledger). */
  hooks: CommissionFlow;
  settlement: SettlementFlow;
  reports: LedgerReports;
}

/** Scene 1005 (佣金报酬) and the report fields WeChat asks for it. */
const TRANSFER_SCENE = {
  sceneId: '1005',
  perception: '劳务报酬',
  reportInfos: [{ infoType: '岗位类型', infoContent: '社区团长/自提点' }, { infoType: '报酬说明', infoContent: '团购佣金结算' }],
};

export function wireLedger(c: Container, overrides: { wechatPayout?: PayoutAdapter } = {}): CommissionWiring {
  const ledger = new LedgerService(c.db, { leaderBps: c.config.commission.defaultLeaderBps, pickupFeeFen: c.config.commission.defaultPickupFeeFen });
  const settlements = new SettlementService(c.db);
  const hooks = new CommissionFlow(c, ledger);
  const payouts: PayoutAdapters = { manual: new ManualPayoutAdapter() };
  if (overrides.wechatPayout) payouts.wechat = overrides.wechatPayout;
  else if (c.config.wechatPay.mchId && c.config.wechatPay.merchantPrivateKeyPem) {
    payouts.wechat = new WechatTransferPayoutAdapter(createWechatTransferClient(wechatPayOptionsFromConfig(c.config, { clock: c.clock }), TRANSFER_SCENE));
  }
  const wiring: CommissionWiring = {
    ledger, settlements, hooks,
    settlement: new SettlementFlow(c, settlements, payouts),
    reports: new LedgerReports(c, ledger, settlements),
  };
  c.commission = wiring;
  c.ledger = hooks;
  c.commissionRuleFor = (trc) => hooks.ruleFor(trc);

  c.jobs.recurring({
    kind: SETTLEMENT_RUN_JOB,
    cron: c.config.scheduler.settlementCron,
    handler: async ({ rc, job }) => { await wiring.settlement.scheduled(rc, job.runAt); },
  });
  c.jobs.register(PAYOUT_CHECK_JOB, async ({ rc, job }) => {
    const p = job.payload as { payoutId: number; round?: number };
    await wiring.settlement.checkPayout(rc, p.payoutId, p.round ?? 0);
  });
  return wiring;
}
