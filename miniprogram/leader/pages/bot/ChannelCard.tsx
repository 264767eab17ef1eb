/**
 * One chat group: its state; while pending, the binding code and the command to type in the group (or a new
 * code once it lapsed); the relay's address and a new secret (bridge) or a new webhook address (WeCom robot);
 * delivery trouble; what the bot sent lately (loaded when opened); unbind after a confirmation.
 */
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { useCallback, useState } from 'react';
import type { BotChannelDTO } from '@shared/types/bot';
import { AppButton } from '../../../components/AppButton';
import { RemoteList, remoteListProps } from '../../../components/RemoteList';
import { Tag } from '../../../components/Tag';
import { useRemote } from '../../../hooks/useRemote';
import { listChannelMessages } from '../../../services/bot.api';
import { formatDateTime } from '../../../utils/format';
import { MESSAGE_STATUS_LABEL, TRANSPORT_LABEL, bindCommand, channelBadge, topicLabel } from './text';

export type ChannelAction = 'renew' | 'secret' | 'webhook' | 'unbind';

function Messages({ channelId }: { channelId: number }) {
  const load = useCallback(() => listChannelMessages(channelId), [channelId]);
  const list = useRemote(load);
  return (
    <View className='bot-msgs' id={`channel-messages-${channelId}`}>
      <RemoteList
        {...remoteListProps(list)}
        empty={{ title: '还没有发过消息', description: '开团、接龙进度、成团和到货时，机器人会发到群里', actionText: '刷新' }}
        renderItem={(m) => (
          <View key={m.id} className='bot-msg'>
            <View className='bot-msg__head'>
              <Text className='bot-msg__topic'>{topicLabel(m.topic)}</Text>
              <Text className={`bot-msg__status bot-msg__status--${m.status}`}>{MESSAGE_STATUS_LABEL[m.status]}</Text>
            </View>
            {m.text ? <Text className='bot-msg__text'>{m.text}</Text> : null}
            <Text className='bot-msg__time'>{formatDateTime(m.sentAt ?? m.createdAt)}{m.lastError && m.status !== 'sent' ? ` · ${m.lastError}` : ''}</Text>
          </View>
        )}
      />
    </View>
  );
}

export function ChannelCard({ ch, busy, onAction }: { ch: BotChannelDTO; busy: ChannelAction | null; onAction: (a: ChannelAction) => void }) {
  const [open, setOpen] = useState(false);
  const b = channelBadge(ch);
  const live = ch.status !== 'unbound';
  const waiting = ch.status === 'pending' && !ch.groupBound;
  const copy = (data: string) => { void Taro.setClipboardData({ data }); };
  return (
    <View className={`bot-card bot-card--${ch.status}`} id={`channel-${ch.id}`}>
      <View className='bot-card__head'>
        <Text className='bot-card__name'>{ch.name}</Text>
        <Tag tone={b.tone}>{b.text}</Tag>
      </View>
      <Text className='bot-card__meta'>
        {TRANSPORT_LABEL[ch.transport]}
        {ch.boundAt && live ? ` · ${formatDateTime(ch.boundAt)} 绑定` : ` · ${formatDateTime(ch.createdAt)} 添加`}
      </Text>

      {waiting && ch.bindingCode ? (
        <View className='bot-code'>
          <Text className='bot-code__label'>在要绑定的群里发送</Text>
          <Text className='bot-code__cmd' id={`binding-code-${ch.id}`}>{bindCommand(ch.bindingCode)}</Text>
          <Text className='bot-code__note'>绑定码一次有效，{ch.bindingExpiresAt ? `${formatDateTime(ch.bindingExpiresAt)} 前` : '30 分钟内'}使用</Text>
          <View className='bot-card__actions'>
            <AppButton size='sm' onClick={() => copy(bindCommand(ch.bindingCode!))}>复制口令</AppButton>
            <AppButton size='sm' variant='ghost' loading={busy === 'renew'} onClick={() => onAction('renew')}>换一个</AppButton>
          </View>
        </View>
      ) : null}
      {waiting && !ch.bindingCode ? (
        <View className='bot-code'>
          <Text className='bot-code__note'>绑定码已过期，请生成新的绑定码</Text>
          <View className='bot-card__actions'>
            <AppButton size='sm' loading={busy === 'renew'} onClick={() => onAction('renew')}>生成绑定码</AppButton>
          </View>
        </View>
      ) : null}

      {live && (ch.blockedUntil || ch.lastError) ? (
        <Text className='bot-card__warn'>
          {ch.lastError ? `发送出错：${ch.lastError}` : '发送暂停'}{ch.blockedUntil ? `，${formatDateTime(ch.blockedUntil)} 后重试` : ''}
        </Text>
      ) : null}

      {live && ch.transport === 'bridge' ? (
        <View className='bot-kv'><Text className='bot-kv__k'>中继推送地址</Text><Text className='bot-kv__v'>{ch.bridgeUrl}</Text></View>
      ) : null}
      {live && ch.webhookUrl ? (
        <View className='bot-kv'><Text className='bot-kv__k'>{ch.transport === 'wecom_webhook' ? 'webhook' : '中继回调'}</Text><Text className='bot-kv__v'>{ch.webhookUrl}</Text></View>
      ) : null}

      {live ? (
        <View className='bot-links'>
          <Text className='bot-link' onClick={() => setOpen(!open)}>{open ? '收起消息' : '最近消息'}</Text>
          {ch.transport === 'bridge' ? <Text className='bot-link' onClick={() => busy || onAction('secret')}>{busy === 'secret' ? '更换中…' : '更换密钥'}</Text> : null}
          {ch.transport !== 'console' ? <Text className='bot-link' onClick={() => onAction('webhook')}>改地址</Text> : null}
          <Text className='bot-link bot-link--danger' onClick={() => busy || onAction('unbind')}>{busy === 'unbind' ? '解绑中…' : '解绑'}</Text>
        </View>
      ) : null}
      {open && live ? <Messages channelId={ch.id} /> : null}
    </View>
  );
}
