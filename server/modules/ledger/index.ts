/** The commission ledger and settlement: the module's only door. */
export { LedgerService, type DefaultRates } from './ledger.service';
export { SettlementService, SETTLEMENT_LOCK } from './settlement.service';
export type { EntryRow, RuleRow } from './ledger.repository';
export type { RunRow, StatementRow, LineRow, PayoutRow, StatementFilter } from './settlement.repository';
export {
  allocate, adjustmentsTo, releaseOf, resolveLeaderBps, resolvePickupFeeFen, ruleInForce, sumByKind, itemNetFen, itemNetUnits, PLATFORM_ID,
  type OrderFacts, type ItemFacts, type Share, type Balance, type NewEntry, type Bucket, type EntryType,
} from './ledger.rules';
export { statementTransitions, payoutAllowed, scheduledCycleKey, outBillNo, CYCLE_KEY } from './statement.state';
export {
  ManualPayoutAdapter, WechatTransferPayoutAdapter, WECHAT_TRANSFER_MAX_FEN, type PayoutAdapter, type PayoutRequest, type PayoutResult,
} from './payout';
