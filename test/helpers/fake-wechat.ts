/**
 * A local fake of WeChat's open API (api.weixin.qq.com), speaking its real protocol: query strings and JSON
 * bodies in, JSON with `errcode`/`errmsg` out. Tests point `wechat.apiBase` at it. Each endpoint records its
 * calls; `failNext(path, errcode)` makes the next call to an endpoint fail the way WeChat does.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

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
