/**
 * Reviews: a neighbour rates the items of an order after pickup (POST /api/orders/:id/reviews, once per item),
 * reads back which items they reviewed, and anyone reads a product's reviews (shown on campaign pages).
 */
import { z } from 'zod';
import { Api } from '../api';
import type { Container } from '../../container';
import { Id, IdParams } from '../schemas';
import { ReviewFlow } from '../../flows/review.flow';
import { UPLOAD_URL_PATTERN } from '../../../shared/types/upload';

const ReviewBody = z.object({
  orderItemId: Id,
  rating: z.number().int().min(1).max(5),
  text: z.string().max(500).default(''),
  // Only pictures this server stored: reviews are public, so no links to elsewhere.
  photos: z.array(z.string().regex(UPLOAD_URL_PATTERN, '只能附上传的图片')).max(6).default([]),
});

export function reviewRoutes(c: Container): Api[] {
  // Built here rather than in container.ts: no other port or flow uses it.
  const reviews = new ReviewFlow(c);
  const mine = new Api('/api/orders', 'reviews')
    .route({ method: 'post', path: '/:id/reviews', summary: 'Review an item of my order after pickup (once per item)', access: 'user', params: IdParams, body: ReviewBody, status: 201 },
      ({ params, body, userId, rc }) => reviews.create(rc, userId, params.id, body))
    .route({ method: 'get', path: '/:id/reviews', summary: 'My reviews of one of my orders', access: 'user', params: IdParams },
      ({ params, userId }) => reviews.forOrder(userId, params.id));
  const products = new Api('/api/products', 'reviews')
    .route({
      method: 'get', path: '/:id/reviews', summary: "A product's rating and reviews, newest first (authors' names masked)", access: 'public', params: IdParams,
      query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }),
    }, ({ params, query }) => reviews.forProduct(params.id, query.limit));
  return [mine, products];
}
