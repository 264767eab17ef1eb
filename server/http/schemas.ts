/** zod schemas shared by several route files (ids, money, times, the campaign body). */
import { z } from 'zod';

export const Id = z.coerce.number().int().positive().max(2_147_483_647);
export const IdParams = z.object({ id: Id });
/** Money in integer fen: 1 fen to ¥1,000,000. */
export const Fen = z.number().int().min(1).max(100_000_000);
/** A calendar day, YYYY-MM-DD, that exists (no 2026-02-30). */
export const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), '不是有效的日期');
export const IsoTime = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

export const TierBody = z.object({ minParticipants: z.number().int().min(2).max(100_000), priceFen: Fen });

export const CampaignItemBody = z.object({
  skuId: Id,
  lotId: Id.nullable().default(null),
  priceFen: Fen,
  stock: z.number().int().min(1).max(1_000_000),
  perPersonLimit: z.number().int().min(1).max(999).nullable().default(null),
  leaderCommissionBps: z.number().int().min(0).max(5000).nullable().optional(),
  tiers: z.array(TierBody).max(10).default([]),
});

export const CampaignBody = z.object({
  title: z.string().trim().min(2).max(60),
  description: z.string().max(2000).nullable().optional(),
  coverImage: z.string().max(512).nullable().optional(),
  thresholdKind: z.enum(['participants', 'quantity']),
  thresholdValue: z.number().int().min(1).max(100_000),
  startsAt: IsoTime,
  deadlineAt: IsoTime,
  pickupStartsAt: IsoTime,
  pickupEndsAt: IsoTime,
  items: z.array(CampaignItemBody).min(1).max(20),
  pickupPointIds: z.array(Id).min(1).max(20),
});

export const CampaignPatch = CampaignBody.partial().refine((p) => Object.keys(p).length > 0, { message: 'nothing to change' });

export const CancelBody = z.object({ reason: z.string().trim().min(2).max(200) });
