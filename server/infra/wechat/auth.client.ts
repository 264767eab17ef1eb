/**
 * WeChat mini-program login: the code from wx.login() is exchanged for the user's openid through
 * `GET /sns/jscode2session` (auth.code2Session). See developers.weixin.qq.com, "小程序登录".
 */
import { wechatFetch } from './http';

export interface Code2SessionResult { openid: string; unionid?: string; sessionKey: string }

export interface WechatAuthClient { code2Session(code: string): Promise<Code2SessionResult> }

export function createWechatAuthClient(cfg: { apiBase: string; appId: string; appSecret: string }): WechatAuthClient {
  return {
    async code2Session(code) {
      const q = new URLSearchParams({ appid: cfg.appId, secret: cfg.appSecret, js_code: code, grant_type: 'authorization_code' });
      const body = await wechatFetch<{ openid: string; unionid?: string; session_key: string }>(
        `${cfg.apiBase}/sns/jscode2session?${q}`, { method: 'GET', api: 'code2Session' },
      );
      return { openid: body.openid, unionid: body.unionid, sessionKey: body.session_key };
    },
  };
}
