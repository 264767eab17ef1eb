import { API_BASE } from './request';

/**
 * Pictures from the API may be site-relative ("/static/demo/peach.svg", served by the server with the h5 build).
 * The web build resolves those against its own origin; WeChat has no origin, so they go to the API's.
 */
export function assetUrl(src: string | null | undefined): string | null {
  if (!src) return null;
  if (/^(https?:)?\/\//.test(src) || src.startsWith('data:')) return src;
  return src.startsWith('/') ? API_BASE + src : src;
}
