/**
 * 评价 — after pickup a neighbour rates each item of their order once (1–5 stars, text, photos). The review row
 * and the product's running totals (products.rating_sum / rating_count) change in one transaction, so the
 * average shown on every campaign never drifts from the reviews behind it. Once per order item: checked first
 * for a clear message, and held by the UNIQUE index on reviews.order_item_id when two taps race.
 */
import type { Container } from '../container';
import type { ServiceContext } from '../kernel/context';
import { ConflictError, InvalidInputError, NotFoundError } from '../kernel/errors';
import { isUniqueViolation, toDate } from '../infra/db';
import { ReviewModel } from '../modules/order/order.model';
import type { OrderRow } from '../modules/order';
import type { ProductReviewsDTO, ReviewDTO, ReviewRequest } from '../../shared/types/review';

/** States an order can be in after its goods were collected (a partial after-sales refund keeps it reviewable). */
const AFTER_PICKUP = new Set<OrderRow['status']>(['picked_up', 'partially_refunded', 'completed']);

interface ReviewRow { id: number; orderId: number; orderItemId: number; productId: number; rating: number; text: string | null; photos: unknown; createdAt: unknown; author: string }

export class ReviewFlow {
  constructor(private readonly c: Container) {}

  async create(rc: ServiceContext, userId: number, orderId: number, input: ReviewRequest): Promise<ReviewDTO> {
    const id = await this.c.db.transaction(rc, async (trc) => {
      const order = await this.c.orders.getOwned(orderId, userId, trc.tx, true);
      if (!order.pickedUpAt || !AFTER_PICKUP.has(order.status)) {
        throw new ConflictError('取货后才能评价', { status: order.status }, 'ILLEGAL_TRANSITION');
      }
      const item = (await this.c.orders.repo.items([order.id], trc.tx)).find((i) => i.id === input.orderItemId);
      if (!item) throw new InvalidInputError(`订单中没有商品 ${input.orderItemId}`, { orderItemId: input.orderItemId });
      if (await ReviewModel.count({ where: { orderItemId: item.id }, transaction: trc.tx })) throw new ConflictError('这件商品已经评价过了');
      // The leader whose trust score this counts towards: the campaign's owner, else (a platform campaign) the
      // leader who brought the buyer.
      const campaign = await this.c.campaigns.get(order.campaignId, trc.tx);
      let row: ReviewModel;
      try {
        row = await ReviewModel.create({
          orderId: order.id, orderItemId: item.id, userId, productId: item.productId, leaderId: campaign.leaderId ?? order.leaderId,
          rating: input.rating, text: input.text.trim() || null, photos: input.photos, createdAt: trc.now,
        }, { transaction: trc.tx });
      } catch (err) {
        if (isUniqueViolation(err)) throw new ConflictError('这件商品已经评价过了');
        throw err;
      }
      await this.c.catalogue.addRating(trc.tx, item.productId, input.rating);
      return row.id;
    });
    const [dto] = await this.select('r.id = :id', { id }, false);
    return dto;
  }

  /** The signed-in neighbour's reviews of one of their orders (which items are already reviewed). */
  async forOrder(userId: number, orderId: number): Promise<ReviewDTO[]> {
    await this.c.orders.getOwned(orderId, userId);
    return this.select('r.order_id = :orderId', { orderId }, false);
  }

  /** A product's reviews, newest first, with the author's name masked. Public. */
  async forProduct(productId: number, limit: number): Promise<ProductReviewsDTO> {
    const rating = await this.c.catalogue.rating(productId);
    if (!rating) throw new NotFoundError('product', productId);
    const items = await this.select('r.product_id = :productId', { productId }, true, limit);
    return { productId, ...rating, items };
  }

  private async select(where: string, params: Record<string, unknown>, masked: boolean, limit = 100): Promise<ReviewDTO[]> {
    const rows = await this.c.db.select<ReviewRow>(
      `SELECT r.id, r.order_id AS orderId, r.order_item_id AS orderItemId, r.product_id AS productId, r.rating, r.text, r.photos,
              r.created_at AS createdAt, u.display_name AS author
         FROM reviews r JOIN users u ON u.id = r.user_id WHERE ${where} ORDER BY r.id DESC LIMIT ${Math.max(1, Math.min(100, Math.floor(limit)))}`,
      params);
    return rows.map((r) => ({
      id: Number(r.id), orderId: Number(r.orderId), orderItemId: Number(r.orderItemId), productId: Number(r.productId),
      rating: Number(r.rating), text: r.text, photos: parsePhotos(r.photos), author: masked ? maskName(r.author) : r.author,
      createdAt: toDate(r.createdAt).toISOString(),
    }));
  }
}

/** "张阿姨" → "张**": neighbours see who is local without a full name going public. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length === 0) return '邻居';
  return `${chars[0]}**`;
}

function parsePhotos(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((x): x is string => typeof x === 'string');
  if (typeof value !== 'string' || !value) return [];
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}
