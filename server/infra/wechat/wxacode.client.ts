/**
 * 小程序码 (wxacode.getUnlimited): POST /wxa/getwxacodeunlimit?access_token=… with { scene, page, … }; WeChat
 * answers the PNG itself, or JSON with an errcode. `scene` carries the page's parameters: at most 32 visible
 * characters from [0-9A-Za-z!#$&'()*+,/:;=?@-._~].
 */
import { ExternalServiceError, InvalidInputError } from '../../kernel/errors';
import { WechatApiError } from './http';
import { withAccessToken, type AccessTokenSource } from './access-token';

export const SCENE_MAX_LENGTH = 32;
const SCENE_CHARS = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]+$/;

export function assertValidScene(scene: string): void {
  if (scene.length > SCENE_MAX_LENGTH || !SCENE_CHARS.test(scene)) {
    throw new InvalidInputError(`scene must be 1–${SCENE_MAX_LENGTH} characters of [0-9A-Za-z!#$&'()*+,/:;=?@-._~]`, { scene });
  }
}

export interface WxacodeRequest {
  scene: string;
  /** e.g. pages/campaign/index — no leading slash, no query. */
  page: string;
  width?: number;
  /** false lets codes point at pages not yet released (WeChat caps such pages at 60,000). */
  checkPath?: boolean;
  envVersion?: 'release' | 'trial' | 'develop';
}

export interface WxacodeClient { unlimited(req: WxacodeRequest): Promise<Buffer> }

export function createWxacodeClient(cfg: { apiBase: string }, tokens: AccessTokenSource): WxacodeClient {
  return {
    async unlimited(req) {
      assertValidScene(req.scene);
      return withAccessToken(tokens, async (token) => {
        let res: Response;
        try {
          res = await fetch(`${cfg.apiBase}/wxa/getwxacodeunlimit?access_token=${encodeURIComponent(token)}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              scene: req.scene, page: req.page, width: req.width ?? 430, check_path: req.checkPath ?? true, env_version: req.envVersion ?? 'release',
            }),
            signal: AbortSignal.timeout(10_000),
          });
        } catch (err) {
          throw new ExternalServiceError('wechat', `getwxacodeunlimit unreachable: ${(err as Error).message}`);
        }
        const buf = Buffer.from(await res.arrayBuffer());
        if (!res.ok) throw new ExternalServiceError('wechat', `getwxacodeunlimit answered HTTP ${res.status}`);
        // An image on success; on failure a JSON body (WeChat sometimes labels it text/plain).
        if ((res.headers.get('content-type') ?? '').startsWith('image/') || isPng(buf) || isJpeg(buf)) return buf;
        let body: { errcode?: number; errmsg?: string };
        try { body = JSON.parse(buf.toString('utf8')); } catch { throw new ExternalServiceError('wechat', 'getwxacodeunlimit answered neither an image nor JSON'); }
        throw new WechatApiError('getwxacodeunlimit', body.errcode ?? -1, body.errmsg ?? '');
      });
    },
  };
}

const isPng = (b: Buffer) => b.length > 8 && b.readUInt32BE(0) === 0x89504e47;
const isJpeg = (b: Buffer) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8;
