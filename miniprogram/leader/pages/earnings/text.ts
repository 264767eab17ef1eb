/** Words for the commission pages (earnings and statement): statement states and what a ledger line was for. */
import type { StatementStatus } from '@shared/types/statuses';
import type { StatementLineDTO } from '@shared/types/commission';

export const STATEMENT_STATUS_LABEL: Record<StatementStatus, string> = {
  draft: '待平台审核',
  approved: '已审核，待打款',
  paid: '已打款',
  carried: '已结转下期',
};

export function statementTone(s: StatementStatus): 'green' | 'orange' | 'grey' {
  if (s === 'paid') return 'green';
  if (s === 'carried') return 'grey';
  return 'orange';
}

/** Why a line is on a statement: the order completed (its commission became payable), or a refund took some back. */
export const ENTRY_TYPE_LABEL: Record<StatementLineDTO['entryType'], string> = {
  accrual: '成团计佣',
  release: '订单完成，佣金可结算',
  reversal: '退款冲减',
};
