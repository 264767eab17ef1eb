import { Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { PK, INT, FEN, S, TIME, TEXT, initModel } from '../../infra/models/define';
import type { BeneficiaryKind, StatementStatus } from '../../../shared/types/statuses';

export class CommissionRuleModel extends Model<InferAttributes<CommissionRuleModel>, InferCreationAttributes<CommissionRuleModel>> {
  declare id: CreationOptional<number>;
  declare version: number;
  declare leaderBps: number;
  declare pickupFeeFen: number;
  declare effectiveFrom: Date;
  declare createdBy: number | null;
  declare createdAt: CreationOptional<Date>;
}

/** Append-only: never updated, never deleted. */
export class LedgerEntryModel extends Model<InferAttributes<LedgerEntryModel>, InferCreationAttributes<LedgerEntryModel>> {
  declare id: CreationOptional<number>;
  declare orderId: number;
  declare orderItemId: number | null;
  declare campaignId: number;
  declare beneficiaryKind: BeneficiaryKind;
  declare beneficiaryId: number;
  declare bucket: 'pending' | 'available';
  declare entryType: 'accrual' | 'reversal' | 'release';
  declare amountFen: number;
  declare refundId: number | null;
  declare idempotencyKey: string;
  declare createdAt: Date;
}

export class SettlementRunModel extends Model<InferAttributes<SettlementRunModel>, InferCreationAttributes<SettlementRunModel>> {
  declare id: CreationOptional<number>;
  declare cycleKey: string;
  declare cutoffAt: Date;
  declare startedAt: Date;
  declare finishedAt: CreationOptional<Date | null>;
  declare triggeredBy: string;
  declare entryCount: CreationOptional<number>;
  declare statementCount: CreationOptional<number>;
}

export class StatementModel extends Model<InferAttributes<StatementModel>, InferCreationAttributes<StatementModel>> {
  declare id: CreationOptional<number>;
  declare runId: number;
  declare beneficiaryKind: BeneficiaryKind;
  declare beneficiaryId: number;
  declare carriedInFen: CreationOptional<number>;
  declare linesFen: CreationOptional<number>;
  declare totalFen: CreationOptional<number>;
  declare status: CreationOptional<StatementStatus>;
  declare approvedBy: CreationOptional<number | null>;
  declare approvedAt: CreationOptional<Date | null>;
  declare paidBy: CreationOptional<number | null>;
  declare paidAt: CreationOptional<Date | null>;
  declare payoutMethod: CreationOptional<string | null>;
  declare payoutRef: CreationOptional<string | null>;
  /** Set when this draft's balance moved into a newer statement (see migration 0003). */
  declare carriedIntoId: CreationOptional<number | null>;
  declare lineCount: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class StatementLineModel extends Model<InferAttributes<StatementLineModel>, InferCreationAttributes<StatementLineModel>> {
  declare id: CreationOptional<number>;
  declare statementId: number;
  declare ledgerEntryId: number;
  declare amountFen: number;
}

/** One attempt to pay a statement; `liveStatementId` (UNIQUE) allows one pending-or-succeeded attempt per statement. */
export class StatementPayoutModel extends Model<InferAttributes<StatementPayoutModel>, InferCreationAttributes<StatementPayoutModel>> {
  declare id: CreationOptional<number>;
  declare statementId: number;
  declare liveStatementId: number | null;
  declare method: string;
  declare outBillNo: string;
  declare amountFen: number;
  declare state: 'pending' | 'succeeded' | 'failed';
  declare providerState: CreationOptional<string | null>;
  declare providerRef: CreationOptional<string | null>;
  declare packageInfo: CreationOptional<string | null>;
  declare lastError: CreationOptional<string | null>;
  declare requestedBy: number | null;
  declare createdAt: Date;
  declare updatedAt: Date;
}

export function initLedgerModels(sequelize: Sequelize): void {
  initModel(CommissionRuleModel, sequelize, 'commission_rules', {
    id: PK, version: INT, leaderBps: INT, pickupFeeFen: FEN, effectiveFrom: TIME, createdBy: INT, createdAt: TIME,
  }, { createdOnly: true });
  initModel(LedgerEntryModel, sequelize, 'ledger_entries', {
    id: PK, orderId: INT, orderItemId: INT, campaignId: INT, beneficiaryKind: S(16), beneficiaryId: INT, bucket: S(12),
    entryType: S(12), amountFen: FEN, refundId: INT, idempotencyKey: S(128), createdAt: TIME,
  });
  initModel(SettlementRunModel, sequelize, 'settlement_runs', {
    id: PK, cycleKey: S(32), cutoffAt: TIME, startedAt: TIME, finishedAt: TIME, triggeredBy: S(64), entryCount: INT, statementCount: INT,
  });
  initModel(StatementModel, sequelize, 'statements', {
    id: PK, runId: INT, beneficiaryKind: S(16), beneficiaryId: INT, carriedInFen: FEN, linesFen: FEN, totalFen: FEN, status: S(12),
    approvedBy: INT, approvedAt: TIME, paidBy: INT, paidAt: TIME, payoutMethod: S(16), payoutRef: S(64), carriedIntoId: INT, lineCount: INT, createdAt: TIME, updatedAt: TIME,
  }, { timestamps: true });
  initModel(StatementPayoutModel, sequelize, 'statement_payouts', {
    id: PK, statementId: INT, liveStatementId: INT, method: S(16), outBillNo: S(32), amountFen: FEN, state: S(12), providerState: S(24),
    providerRef: S(64), packageInfo: TEXT, lastError: TEXT, requestedBy: INT, createdAt: TIME, updatedAt: TIME,
  });
  initModel(StatementLineModel, sequelize, 'statement_lines', { id: PK, statementId: INT, ledgerEntryId: INT, amountFen: FEN });
}
