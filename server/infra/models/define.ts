/**
 * Small helpers for declaring Sequelize models. Schema (indexes, foreign keys) lives in the migrations; models
 * only say what each column holds, so repositories get typed rows.
 */
import { DataTypes, type Model, type ModelStatic, type ModelAttributes, type Sequelize } from 'sequelize';

export const PK = { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true } as const;
export const INT = { type: DataTypes.INTEGER } as const;
/** Integer fen. BIGINT; mysql2 is set to hand back numbers while they are safe integers. */
export const FEN = { type: DataTypes.BIGINT, get(this: Model, key?: string) { return toNumber(this.getDataValue(key as never)); } } as const;
export const TEXT = { type: DataTypes.TEXT } as const;
export const BOOL = { type: DataTypes.BOOLEAN } as const;
export const TIME = { type: DataTypes.DATE(3) } as const;
export const DAY = { type: DataTypes.DATEONLY } as const;
export const S = (len: number) => ({ type: DataTypes.STRING(len) }) as const;
/** A JSON document kept in a TEXT column (portable across MySQL and SQLite). */
export const JSON_TEXT = (field: string) => ({
  type: DataTypes.TEXT,
  get(this: Model) {
    const raw = this.getDataValue(field as never) as unknown as string | null;
    return raw == null ? null : JSON.parse(raw);
  },
  set(this: Model, value: unknown) {
    this.setDataValue(field as never, (value == null ? null : JSON.stringify(value)) as never);
  },
});

function toNumber(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new RangeError(`fen value ${String(v)} is not a safe integer`);
  return n;
}

export interface InitOptions { timestamps?: boolean; createdOnly?: boolean }

export function initModel<M extends Model>(
  model: ModelStatic<M>, sequelize: Sequelize, tableName: string, attributes: ModelAttributes<M>, opts: InitOptions = {},
): void {
  // Sequelize writes `field` and friends into each attribute object: give it copies, never the shared specs.
  const copies = Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, { ...(v as object) }]));
  (model as unknown as { init: (a: unknown, o: unknown) => void }).init(copies, {
    sequelize,
    tableName,
    underscored: true,
    timestamps: opts.timestamps ?? false,
    ...(opts.createdOnly ? { timestamps: true, updatedAt: false } : {}),
  });
}
