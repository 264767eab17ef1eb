/**
 * A local fake of the WeCom group robot (企业微信群机器人) webhook, speaking its protocol:
 *   POST /cgi-bin/webhook/send?key=KEY  {"msgtype":"text","text":{"content":"…","mentioned_list":[…]}}
 *                                       {"msgtype":"markdown","markdown":{"content":"…"}}
 *   → {"errcode":0,"errmsg":"ok"}; 93000 unknown key; 45009 over 20 messages a minute; 40058 content too long
 *     (text > 2,048 bytes, markdown > 4,096 bytes UTF-8); 40008 bad msgtype; 44004 empty content.
 * Robots are created with `robot(key)`; the rate window is measured on the clock given (the test's manual
 * clock), so "20 a minute" means 20 a minute of test time. `failNext` queues errors the way WeCom answers them.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WecomMessage { key: string; content: string; msgtype: 'text' | 'markdown'; mentions: string[]; at: number }

type Failure = { errcode: number; errmsg: string } | { httpStatus: number } | { hangUp: true };

export class FakeWecom {
  /** Accepted messages, in arrival order. */
  readonly accepted: WecomMessage[] = [];
  /** Every request, accepted or not, with what was answered (HTTP status 0: the connection was dropped). */
  readonly requests: Array<{ key: string; errcode: number | null; httpStatus: number; at: number }> = [];
  private readonly keys = new Set<string>();
  private readonly failures = new Map<string, Failure[]>();
  private server?: http.Server;
  url = '';

  constructor(private readonly opts: { now: () => number; perMinute?: number } = { now: () => Date.now() }) {}

  /** Adds a robot and returns its webhook URL. */
  robot(key: string): string {
    this.keys.add(key);
    return `${this.url}/cgi-bin/webhook/send?key=${encodeURIComponent(key)}`;
  }

  removeRobot(key: string): void { this.keys.delete(key); }

  failNext(key: string, f: Failure, times = 1): this {
    const list = this.failures.get(key) ?? [];
    for (let i = 0; i < times; i++) list.push(f);
    this.failures.set(key, list);
    return this;
  }

  messagesFor(key: string): WecomMessage[] { return this.accepted.filter((m) => m.key === key); }

  /** The most messages this robot accepted within any 60 s of the clock. */
  maxPerMinute(key: string): number {
    const at = this.messagesFor(key).map((m) => m.at);
    let best = 0;
    for (let i = 0, j = 0; i < at.length; i++) {
      while (at[i] - at[j] >= 60_000) j++;
      best = Math.max(best, i - j + 1);
    }
    return best;
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const u = new URL(req.url ?? '/', 'http://fake');
        const key = u.searchParams.get('key') ?? '';
        const now = this.opts.now();
        const send = (status: number, body: { errcode: number; errmsg: string } | null) => {
          this.requests.push({ key, errcode: body?.errcode ?? null, httpStatus: status, at: now });
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(body ? JSON.stringify(body) : '');
        };
        if (req.method !== 'POST' || u.pathname !== '/cgi-bin/webhook/send') return send(404, { errcode: 404, errmsg: 'not found' });
        const failure = this.failures.get(key)?.shift();
        if (failure && 'hangUp' in failure) { this.requests.push({ key, errcode: null, httpStatus: 0, at: now }); req.socket.destroy(); return; }
        if (failure && 'httpStatus' in failure) return send(failure.httpStatus, null);
        if (failure) return send(200, failure);
        if (!this.keys.has(key)) return send(200, { errcode: 93000, errmsg: 'invalid webhook url, hint: [key not found]' });
        let body: { msgtype?: string; text?: { content?: string; mentioned_list?: string[] }; markdown?: { content?: string } };
        try { body = JSON.parse(Buffer.concat(chunks).toString('utf8')); } catch { return send(200, { errcode: 40003, errmsg: 'invalid json' }); }
        const msgtype = body.msgtype;
        if (msgtype !== 'text' && msgtype !== 'markdown') return send(200, { errcode: 40008, errmsg: 'invalid message type' });
        const content = msgtype === 'text' ? body.text?.content : body.markdown?.content;
        if (!content) return send(200, { errcode: 44004, errmsg: 'empty content' });
        if (Buffer.byteLength(content, 'utf8') > (msgtype === 'text' ? 2048 : 4096)) return send(200, { errcode: 40058, errmsg: 'content exceed max length' });
        if (content.includes('\uFFFD')) return send(200, { errcode: 40058, errmsg: 'invalid utf-8 in content' });
        const recent = this.accepted.filter((m) => m.key === key && now - m.at < 60_000).length;
        if (recent >= (this.opts.perMinute ?? 20)) return send(200, { errcode: 45009, errmsg: 'api freq out of limit' });
        this.accepted.push({ key, content, msgtype, mentions: body.text?.mentioned_list ?? [], at: now });
        return send(200, { errcode: 0, errmsg: 'ok' });
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
