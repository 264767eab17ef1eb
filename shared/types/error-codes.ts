/**
 * Every error code the API can answer with, in the common shape
 * `{ "error": { "code", "message", "details" } }`. The client shows `message`; it branches on `code`.
 */
export const ERROR_CODES = [
  // 400
  'INVALID_INPUT', 'INVALID_JSON',
  // 401 / 403
  'UNAUTHORIZED', 'FORBIDDEN',
  // 404 / 405
  'NOT_FOUND', 'METHOD_NOT_ALLOWED',
  // 409: the state moved under you, or a duplicate
  'CONFLICT', 'ILLEGAL_TRANSITION', 'IDEMPOTENCY_KEY_REUSED', 'SOLD_OUT', 'CAMPAIGN_NOT_OPEN',
  'PICKUP_CODE_USED',
  // 413
  'PAYLOAD_TOO_LARGE',
  // 422: a business rule refused
  'BUSINESS_RULE', 'LIMIT_EXCEEDED', 'PICKUP_POINT_NOT_ALLOWED', 'COLD_CHAIN_REQUIRED', 'REFUND_EXCEEDS_PAID',
  'RETURN_WINDOW_CLOSED', 'PICKUP_CODE_INVALID',
  // 429
  'RATE_LIMITED',
  // 5xx
  'EXTERNAL_SERVICE', 'INTERNAL', 'NOT_READY',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
