/**
 * The leader's chat groups (/api/leader/bot/channels): list, bind one (a WeCom robot's webhook, or a bridge relay
 * that waits for the binding code typed in the group), renew the code, rotate the relay's secret (shown once),
 * change the webhook, unbind, and what the bot sent to the group.
 */
import type { BotChannelCreatedDTO, BotChannelDTO, BotMessageDTO, BotTransport } from '@shared/types/bot';
import { request } from './request';

export const listMyChannels = () => request<BotChannelDTO[]>({ url: '/api/leader/bot/channels' });

export const createChannel = (body: { name: string; transport: BotTransport; webhookUrl?: string }) =>
  request<BotChannelCreatedDTO>({ url: '/api/leader/bot/channels', method: 'POST', data: { ...body } });

export const renewBindingCode = (id: number) =>
  request<BotChannelDTO>({ url: `/api/leader/bot/channels/${id}/binding-code`, method: 'POST', data: {} });

export const rotateChannelSecret = (id: number) =>
  request<{ secret: string }>({ url: `/api/leader/bot/channels/${id}/secret`, method: 'POST', data: {} });

export const updateChannelWebhook = (id: number, webhookUrl: string) =>
  request<BotChannelDTO>({ url: `/api/leader/bot/channels/${id}`, method: 'PATCH', data: { webhookUrl } });

export const unbindChannel = (id: number) =>
  request<BotChannelDTO>({ url: `/api/leader/bot/channels/${id}/unbind`, method: 'POST', data: {} });

/** Newest first, at most 50. */
export const listChannelMessages = (id: number) => request<BotMessageDTO[]>({ url: `/api/leader/bot/channels/${id}/messages` });
