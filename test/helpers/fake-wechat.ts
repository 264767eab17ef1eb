/**
 * A local fake of WeChat's open API (api.weixin.qq.com), speaking its real protocol: query strings and JSON
 * bodies in, JSON with `errcode`/`errmsg` out. Tests point `wechat.apiBase` at it. Each endpoint records its
 * calls; `failNext(path, errcode)` makes the next call to an endpoint fail the way WeChat does.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { encodePng } from './png';

export interface RecordedCall { path: string; query: Record<string, string>; body: unknown; at: number }

type Handler = (call: RecordedCall, fake: FakeWechat) => { status?: number; json?: unknown; binary?: Buffer; contentType?: string };

export class FakeWechat {
  readonly calls: RecordedCall[] = [];
  /** code → openid for code2Session; unknown codes answer 40029 invalid code. */
  readonly codes = new Map<string, { openid: string; unionid?: string }>();
  private readonly failures = new Map<string, Array<{ errcode: number; errmsg: string; httpStatus?: number }>>();
  private readonly handlers = new Map<string, Handler>();
  private server?: http.Server;
  url = '';
  accessTokenIssued = 0;
  /** Tokens WeChat no longer accepts (answered with 40001), e.g. after another fetch replaced them. */
  readonly revokedTokens = new Set<string>();
  /** What /wxa/getwxacodeunlimit answers: a real PNG, solid magenta (240, 0, 240) so tests can find it in a poster. */
  wxacodePng = encodePng(280, 280, () => [240, 0, 240, 255]);
  /** Payments whose shipping information WeChat has (upload_shipping_info), by transaction id. */
  readonly shippedTransactions = new Map<string, { openid: string; itemDesc: string; uploadTime: string }>();

  constructor() {
    this.on('/sns/jscode2session', ({ query }) => {
      const user = this.codes.get(query.js_code);
      if (!query.appid || !query.secret) return { json: { errcode: 41002, errmsg: 'appid missing' } };
      if (!user) return { json: { errcode: 40029, errmsg: 'invalid code' } };
      this.codes.delete(query.js_code); // a code is single use, as in WeChat
      return { json: { openid: user.openid, unionid: user.unionid, session_key: 'c2Vzc2lvbmtleQ==' } };
    });
    this.on('/cgi-bin/token', ({ query }) => {
      if (!query.appid || !query.secret) return { json: { errcode: 41002, errmsg: 'appid missing' } };
      this.accessTokenIssued += 1;
      return { json: { access_token: `fake-access-token-${this.accessTokenIssued}`, expires_in: 7200 } };
    });
    // wxacode.getUnlimited: the image itself, or JSON with an errcode (as WeChat does).
    this.on('/wxa/getwxacodeunlimit', ({ query, body }) => {
      const bad = this.badToken(query.access_token);
      if (bad) return { json: bad };
      const b = (body ?? {}) as { scene?: unknown; page?: unknown };
      if (typeof b.scene !== 'string' || !b.scene || b.scene.length > 32 || !/^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]+$/.test(b.scene)) return { json: { errcode: 40129, errmsg: 'invalid scene' } };
      if (typeof b.page === 'string' && (b.page.startsWith('/') || b.page.includes('?'))) return { json: { errcode: 41030, errmsg: 'invalid page' } };
      return { binary: this.wxacodePng, contentType: 'image/png' };
    });
    // order-shipping: upload_shipping_info, self-pickup (logistics_type 4) checked the way WeChat checks it.
    this.on('/wxa/sec/order/upload_shipping_info', ({ query, body }) => {
      const bad = this.badToken(query.access_token);
      if (bad) return { json: bad };
      const b = (body ?? {}) as { order_key?: { order_number_type?: number; transaction_id?: string }; logistics_type?: number; delivery_mode?: number; shipping_list?: Array<{ item_desc?: string }>; upload_time?: string; payer?: { openid?: string } };
      if (!b.order_key?.transaction_id || b.order_key.order_number_type !== 2 || !b.payer?.openid || !b.upload_time || !b.logistics_type || !b.delivery_mode) return { json: { errcode: 47001, errmsg: 'data format error' } };
      if (b.delivery_mode === 1 && b.shipping_list?.length !== 1) return { json: { errcode: 268485228, errmsg: '统一发货模式下,物流信息列表长度必须为1' } };
      if (b.logistics_type !== 4 && !('tracking_no' in (b.shipping_list?.[0] ?? {}))) return { json: { errcode: 268485226, errmsg: '物流单号不能为空' } };
      if (this.shippedTransactions.has(b.order_key.transaction_id)) return { json: { errcode: 10060002, errmsg: '支付单已完成发货，无法继续发货' } };
      this.shippedTransactions.set(b.order_key.transaction_id, { openid: b.payer.openid, itemDesc: b.shipping_list?.[0]?.item_desc ?? '', uploadTime: b.upload_time });
      return { json: { errcode: 0, errmsg: 'ok' } };
    });
  }

  /** An access token this fake never issued, or revoked: WeChat's 40001. */
  private badToken(token: string | undefined): { errcode: number; errmsg: string } | null {
    const n = Number(/^fake-access-token-(\d+)$/.exec(token ?? '')?.[1] ?? 0);
    if (!n || n > this.accessTokenIssued || this.revokedTokens.has(token!)) return { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' };
    return null;
  }

  /** Adds or replaces an endpoint. */
  on(path: string, handler: Handler): this {
    this.handlers.set(path, handler);
    return this;
  }

  failNext(path: string, errcode: number, errmsg = 'system error', httpStatus?: number): this {
    const list = this.failures.get(path) ?? [];
    list.push({ errcode, errmsg, httpStatus });
    this.failures.set(path, list);
    return this;
  }

  callsTo(path: string): RecordedCall[] { return this.calls.filter((c) => c.path === path); }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const u = new URL(req.url ?? '/', 'http://fake');
        const raw = Buffer.concat(chunks).toString('utf8');
        let body: unknown = raw;
        try { body = raw ? JSON.parse(raw) : null; } catch { /* keep text */ }
        const call: RecordedCall = { path: u.pathname, query: Object.fromEntries(u.searchParams), body, at: Date.now() };
        this.calls.push(call);
        const send = (status: number, payload: unknown, type = 'application/json') => {
          res.writeHead(status, { 'content-type': type });
          res.end(Buffer.isBuffer(payload) ? payload : JSON.stringify(payload));
        };
        const failure = this.failures.get(u.pathname)?.shift();
        if (failure) return send(failure.httpStatus ?? 200, { errcode: failure.errcode, errmsg: failure.errmsg });
        const handler = this.handlers.get(u.pathname);
        if (!handler) return send(404, { errcode: 404, errmsg: `fake has no ${u.pathname}` });
        const out = handler(call, this);
        if (out.binary) return send(out.status ?? 200, out.binary, out.contentType ?? 'image/png');
        return send(out.status ?? 200, out.json ?? { errcode: 0, errmsg: 'ok' });
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

/**
 * The chat-group bot's WeChat endpoints (issue 7), added to a FakeWechat: updatable share messages
 * (activityid/create, updatablemsg/send) and subscribe messages (subscribe/send), checked the way WeChat checks
 * them. `subscribed` holds the openids that accepted notices; anyone else gets 43101.
 */
export interface FakeWechatBotState {
  /** activity id → the card's last state (null until first updated). */
  readonly activities: Map<string, { memberCount: number; roomLimit: number; ended: boolean; updates: number } | null>;
  readonly subscribeMessages: Array<{ touser: string; templateId: string; page: string; data: Record<string, { value: string }> }>;
  readonly subscribed: Set<string>;
}

export function installBotEndpoints(fake: FakeWechat): FakeWechatBotState {
  const state: FakeWechatBotState = { activities: new Map(), subscribeMessages: [], subscribed: new Set() };
  const tokenProblem = (token: string | undefined) => {
    const n = Number(/^fake-access-token-(\d+)$/.exec(token ?? '')?.[1] ?? 0);
    return !n || n > fake.accessTokenIssued || fake.revokedTokens.has(token!) ? { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' } : null;
  };
  let seq = 0;
  fake.on('/cgi-bin/message/wxopen/activityid/create', ({ query }) => {
    const bad = tokenProblem(query.access_token);
    if (bad) return { json: bad };
    const id = `fake-activity-${++seq}`;
    state.activities.set(id, null);
    return { json: { errcode: 0, errmsg: 'ok', activity_id: id, expiration_time: Math.floor(Date.now() / 1000) + 86_400 } };
  });
  fake.on('/cgi-bin/message/wxopen/updatablemsg/send', ({ query, body }) => {
    const bad = tokenProblem(query.access_token);
    if (bad) return { json: bad };
    const b = (body ?? {}) as { activity_id?: string; target_state?: number; template_info?: { parameter_list?: Array<{ name?: string; value?: string }> } };
    if (!b.activity_id || !state.activities.has(b.activity_id)) return { json: { errcode: 44990, errmsg: 'invalid activity_id' } };
    const prior = state.activities.get(b.activity_id);
    if (prior?.ended) return { json: { errcode: 44991, errmsg: 'activity already ended' } };
    const params = new Map((b.template_info?.parameter_list ?? []).map((p) => [p.name, p.value]));
    const memberCount = Number(params.get('member_count'));
    const roomLimit = Number(params.get('room_limit'));
    if (!(b.target_state === 0 || b.target_state === 1) || !Number.isInteger(memberCount) || !Number.isInteger(roomLimit) || memberCount > roomLimit) {
      return { json: { errcode: 47001, errmsg: 'data format error' } };
    }
    state.activities.set(b.activity_id, { memberCount, roomLimit, ended: b.target_state === 1, updates: (prior?.updates ?? 0) + 1 });
    return { json: { errcode: 0, errmsg: 'ok' } };
  });
  fake.on('/cgi-bin/message/subscribe/send', ({ query, body }) => {
    const bad = tokenProblem(query.access_token);
    if (bad) return { json: bad };
    const b = (body ?? {}) as { touser?: string; template_id?: string; page?: string; data?: Record<string, { value: string }> };
    if (!b.touser || !b.template_id || !b.data) return { json: { errcode: 47003, errmsg: 'argument invalid' } };
    for (const [k, v] of Object.entries(b.data)) {
      if (typeof v?.value !== 'string' || (/^thing/.test(k) && Array.from(v.value).length > 20)) return { json: { errcode: 47003, errmsg: `argument invalid! data.${k}.value invalid` } };
    }
    if (!state.subscribed.has(b.touser)) return { json: { errcode: 43101, errmsg: 'user refuse to accept the msg' } };
    state.subscribeMessages.push({ touser: b.touser, templateId: b.template_id, page: b.page ?? '', data: b.data });
    return { json: { errcode: 0, errmsg: 'ok' } };
  });
  return state;
}
