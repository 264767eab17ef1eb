/** Bench scenarios that belong to other parts of the system; settlement is added when the ledger exists. */
import type { Database } from '../../server/infra/db';
import type { Container } from '../../server/container';

export interface ExtraRow { scenario: string; c: number | ''; perSecond: number; p50: number | ''; p99: number | ''; ratio: string; note: string }

export async function extraScenarios(_ctx: { db: Database; container: Container; log: (s: string) => void }): Promise<ExtraRow[]> {
  return [];
}
