/**
 * The bot module's door: channels and their binding, the outbox, inbound messages, chat members and share
 * activities. Repositories are exposed as they are (like campaigns.repo); the few rules of this module live here.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { isUniqueViolation, type Database } from '../../infra/db';
import { InvalidInputError } from '../../kernel/errors';
import { ChannelRepository, type ChannelRow, type TransportName } from './channel.repository';
import { OutboxRepository } from './outbox.repository';
import { InboundRepository } from './inbound.repository';
import { MemberRepository } from './member.repository';
import { ShareRepository } from './share.repository';

/** No 0/O, 1/I/L: codes are read off a phone and typed into a chat. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 6;
export const BINDING_CODE_TTL_MS = 30 * 60_000;

export function newBindingCode(): string {
  return Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
}

export const newChannelSecret = (): string => randomBytes(24).toString('hex');

/** "绑定 K7Q2M9", "K7Q2M9", "bind k7q2m9" → "K7Q2M9"; anything else → null. */
export function bindingCodeIn(text: string): string | null {
  const m = /^\s*(?:绑定|bind)?\s*[:：]?\s*([A-Za-z0-9]{6})\s*$/i.exec(text.normalize('NFKC'));
  return m ? m[1].toUpperCase() : null;
}

export interface CreateChannelInput {
  communityId: number;
  leaderId: number;
  name: string;
  /** A WeCom group-robot webhook: the channel is active at once and messages go there. */
  webhookUrl?: string | null;
  /** Without a webhook: 'bridge' (messages go back to the relay's URL) or 'console' (development). */
  transport?: TransportName;
}

export class BotService {
  readonly channels: ChannelRepository;
  readonly outbox: OutboxRepository;
  readonly inbound: InboundRepository;
  readonly members: MemberRepository;
  readonly shares: ShareRepository;

  /** allowInsecureWebhooks: development and tests (http:// webhooks, the console transport). */
  constructor(db: Database, private readonly opts: { allowInsecureWebhooks: boolean }) {
    this.channels = new ChannelRepository(db);
    this.outbox = new OutboxRepository(db);
    this.inbound = new InboundRepository(db);
    this.members = new MemberRepository(db);
    this.shares = new ShareRepository(db);
  }

  /** Checks a webhook URL a leader typed: http(s) only, https outside development (we POST to it). */
  checkWebhookUrl(url: string): string {
    let u: URL;
    try { u = new URL(url.trim()); } catch { throw new InvalidInputError('webhook 地址不是有效的网址'); }
    if (u.protocol !== 'https:' && !(this.opts.allowInsecureWebhooks && u.protocol === 'http:')) throw new InvalidInputError('webhook 地址必须以 https:// 开头');
    if (u.username || u.password) throw new InvalidInputError('webhook 地址不能带用户名密码');
    return u.toString();
  }

  async createChannel(input: CreateChannelInput, now: Date): Promise<ChannelRow> {
    const webhookUrl = input.webhookUrl ? this.checkWebhookUrl(input.webhookUrl) : null;
    const transport: TransportName = input.transport ?? (webhookUrl ? 'wecom_webhook' : 'bridge');
    // The console only logs: a group bound to it in production would silently hear nothing.
    if (transport === 'console' && !this.opts.allowInsecureWebhooks) throw new InvalidInputError('console 通道只用于开发环境');
    if (transport !== 'console' && !webhookUrl) {
      throw new InvalidInputError(transport === 'bridge' ? '桥接群需要填写中继的消息回调地址（webhookUrl）' : '企业微信群机器人需要填写 webhook 地址');
    }
    // A robot's webhook proves the leader added it to their group: active at once. A bridge or console
    // channel waits for its code to be typed into the group.
    const status = transport === 'wecom_webhook' ? 'active' : 'pending';
    for (let attempt = 0; ; attempt++) {
      const code = newBindingCode();
      try {
        const id = await this.channels.insert({
          communityId: input.communityId, leaderId: input.leaderId, transport, name: input.name, webhookUrl, secret: newChannelSecret(),
          status, bindingCode: code, bindingExpiresAt: new Date(now.getTime() + BINDING_CODE_TTL_MS),
        }, now);
        return (await this.channels.get(id))!;
      } catch (err) {
        // A code collision (one in a billion, but a unique key is a unique key): draw another.
        if (attempt < 3 && isUniqueViolation(err)) continue;
        throw err;
      }
    }
  }

  async renewBindingCode(id: number, now: Date): Promise<{ code: string; expiresAt: Date }> {
    const code = newBindingCode();
    const expiresAt = new Date(now.getTime() + BINDING_CODE_TTL_MS);
    await this.channels.setBindingCode(id, code, expiresAt, now);
    return { code, expiresAt };
  }
}
