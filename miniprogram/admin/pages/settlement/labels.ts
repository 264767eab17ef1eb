/** How settlement reads on the admin's settlement and statement pages. */
import type { BeneficiaryKind, StatementStatus } from '@shared/types/statuses';
import type { PayoutDTO } from '@shared/types/commission';
import { bpsToPercentText } from '../../../utils/amount-input';

export const BENEFICIARY_LABEL: Record<BeneficiaryKind, string> = {
  leader: '团长', pickup_point: '自提点', supplier: '供应商', platform: '平台',
};

export const STATEMENT_TAG: Record<StatementStatus, { text: string; tone: 'green' | 'orange' | 'grey' }> = {
  draft: { text: '待审批', tone: 'orange' },
  approved: { text: '待付款', tone: 'orange' },
  paid: { text: '已付款', tone: 'green' },
  carried: { text: '已结转', tone: 'grey' },
};

export const PAYOUT_STATE_LABEL: Record<PayoutDTO['state'], string> = { pending: '转账中', succeeded: '已到账', failed: '失败' };

export const PAYOUT_METHOD_LABEL: Record<string, string> = { manual: '线下打款', wechat: '微信转账' };

export const AUDIT_ACTION_LABEL: Record<string, string> = {
  'statement.approve': '审批通过',
  'statement.void': '作废（退回待审批）',
  'statement.paid': '已付款',
  'statement.payout_started': '发起微信转账',
  'statement.payout_failed': '转账失败',
};

/** "10%" / "12.5%": basis points as a percentage (the digits from utils/amount-input). */
export const bpsText = (bps: number): string => `${bpsToPercentText(bps)}%`;
