/** Reviews (评价): after pickup a neighbour rates each item of the order once, with text and photos. */

export interface ReviewDTO {
  id: number;
  orderId: number;
  orderItemId: number;
  productId: number;
  /** 1–5 stars. */
  rating: number;
  text: string | null;
  /** Site-relative URLs of uploaded pictures ("/uploads/…"). */
  photos: string[];
  /** Public lists show a masked name ("张**"); the author's own list shows theirs. */
  author: string;
  createdAt: string;
}

export interface ReviewRequest {
  orderItemId: number;
  rating: number;
  text: string;
  photos: string[];
}

/** GET /api/products/:id/reviews */
export interface ProductReviewsDTO {
  productId: number;
  average: number | null;
  count: number;
  items: ReviewDTO[];
}
