import type { ErrorCode } from '@shared/types/error-codes';

/** Codes the client adds for failures that never reached the API's error shape. */
export type ClientErrorCode = 'NETWORK_ERROR' | 'BAD_RESPONSE';

/**
 * Every failed API call rejects with this. `message` is written for the user (the server's message, or a
 * Chinese fallback); code the caller branches on; status 0 when no HTTP answer arrived.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly code: ErrorCode | ClientErrorCode,
    message: string,
    readonly status: number,
    readonly details?: unknown,
    /** What the server said, when it said something (may be developer English). */
    readonly serverMessage?: string,
  ) {
    super(message);
  }

  get isNotFound(): boolean {
    return this.code === 'NOT_FOUND' || this.status === 404;
  }
}

export function isApiError(err: unknown): err is ApiError {
  return err instanceof ApiError;
}

/** A message fit to show, whatever was thrown. */
export function userMessage(err: unknown): string {
  if (isApiError(err)) return err.message;
  return '出了点问题，请稍后再试';
}
