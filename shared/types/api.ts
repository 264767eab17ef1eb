import type { ErrorCode } from './error-codes';

/** Every successful JSON response is `{ data: T }`. */
export interface ApiSuccess<T> { data: T }

/** Every failure, whatever the status. */
export interface ApiErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown; requestId?: string };
}

export interface Page<T> { items: T[]; nextCursor: string | null }
