/** POST /api/uploads (multipart/form-data, field "file"): a picture stored by the server. */
export interface UploadDTO {
  /** Site-relative ("/uploads/3f9c….jpg"); WeChat resolves it against the API origin. */
  url: string;
  contentType: 'image/jpeg' | 'image/png' | 'image/gif' | 'image/webp';
  bytes: number;
}

/** Upload limits the client checks before sending (the server enforces them). */
export const UPLOAD_MAX_BYTES = 5 * 1024 * 1024;

/** What a stored upload's URL looks like; other URLs are refused where photos are attached. */
export const UPLOAD_URL_PATTERN = /^\/uploads\/[A-Za-z0-9_-]{16,64}\.(jpg|png|gif|webp)$/;
