/**
 * Development transport: messages are written to the log (and kept in memory, newest last, for the demo and
 * for tests), never sent anywhere. Same size limit as the WeCom robot, so what you see is what a group would get.
 */
import type { Logger } from '../logger';
import type { BotTransport, ChannelTarget, OutgoingMessage, SendResult } from './transport';
import { WECOM_TEXT_BYTES } from './wecom-webhook.transport';

export interface ConsoleDelivery { channelId: number; content: string; mentions: string[]; deliveryId: string }

export class ConsoleTransport implements BotTransport {
  readonly name = 'console';
  readonly limits = { textBytes: WECOM_TEXT_BYTES, perMinute: null };
  readonly delivered: ConsoleDelivery[] = [];

  constructor(private readonly log: Logger, private readonly keep = 500) {}

  async send(target: ChannelTarget, message: OutgoingMessage): Promise<SendResult> {
    this.delivered.push({ channelId: target.id, content: message.content, mentions: message.mentions ?? [], deliveryId: message.deliveryId });
    if (this.delivered.length > this.keep) this.delivered.splice(0, this.delivered.length - this.keep);
    this.log.info({ channelId: target.id, mentions: message.mentions }, `[bot → group ${target.id}]\n${message.content}`);
    return { ok: true };
  }
}
