/**
 * 群机器人 (sub-package "leader"): my chat groups bound to the bot. Add one — a WeCom group robot (its webhook
 * address: active at once, the robot says hello) or a message relay (its callback address; the group is bound
 * when the one-time code is typed in it) — see each group's state and recent messages, renew the code, give the
 * relay a new signing secret (shown once), change the address, unbind after a confirmation. Every refusal is the
 * server's message; nothing changes on a refusal.
 */
import Taro from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { useCallback, useState } from 'react';
import type { BotChannelDTO, BotTransport } from '@shared/types/bot';
import { AppButton } from '../../../components/AppButton';
import { Card } from '../../../components/Card';
import { Chips } from '../../../components/Chips';
import { RemoteList } from '../../../components/RemoteList';
import { Sheet } from '../../../components/Sheet';
import { useRoleGuard } from '../../../hooks/useRoleGuard';
import { useRemote } from '../../../hooks/useRemote';
import { usePullRefresh } from '../../../hooks/usePullRefresh';
import { createChannel, listMyChannels, renewBindingCode, rotateChannelSecret, unbindChannel, updateChannelWebhook } from '../../../services/bot.api';
import { userMessage } from '../../../services/api-error';
import { ChannelCard, type ChannelAction } from './ChannelCard';
import { TRANSPORT_LABEL } from './text';
import './index.scss';

type NewTransport = Extract<BotTransport, 'wecom_webhook' | 'bridge'>;

const ADDRESS_HINT: Record<NewTransport, { label: string; placeholder: string; note: string }> = {
  wecom_webhook: {
    label: 'webhook 地址',
    placeholder: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…',
    note: '在企业微信群里添加「群机器人」，复制它的 webhook 地址。添加后立即生效，机器人会在群里打招呼。',
  },
  bridge: {
    label: '中继回调地址',
    placeholder: 'https://你的中继服务/回调地址',
    note: '消息中继把群消息转给邻里，并把机器人的消息发回群里。添加后在群里发送绑定口令完成绑定。',
  },
};

/** Live groups first (pending, then bound), unbound ones last; newest first within each. */
const ORDER: Record<BotChannelDTO['status'], number> = { pending: 0, active: 1, unbound: 2 };
const sorted = (list: BotChannelDTO[]) => [...list].sort((a, b) => ORDER[a.status] - ORDER[b.status] || b.id - a.id);

export default function LeaderBotPage() {
  const session = useRoleGuard('leader');
  const load = useCallback(() => listMyChannels(), []);
  const list = useRemote(load, { enabled: session !== null });
  usePullRefresh(list.reload);

  const [sheet, setSheet] = useState<'create' | 'webhook' | null>(null);
  const [name, setName] = useState('');
  const [transport, setTransport] = useState<NewTransport>('wecom_webhook');
  const [address, setAddress] = useState('');
  const [target, setTarget] = useState<BotChannelDTO | null>(null);
  const [secret, setSecret] = useState<{ channel: string; value: string } | null>(null);
  const [busy, setBusy] = useState<{ id: number; action: ChannelAction } | 'create' | null>(null);

  if (!session) return null;

  /** Runs one change; the server's refusal is shown as it is and nothing else changes. */
  const run = async (key: typeof busy, fn: () => Promise<void>) => {
    if (busy) return;
    setBusy(key);
    try {
      await fn();
      await list.reload();
    } catch (err) {
      void Taro.showToast({ title: userMessage(err), icon: 'none', duration: 3000 });
    } finally {
      setBusy(null);
    }
  };

  const openCreate = () => { setName(''); setAddress(''); setTransport('wecom_webhook'); setSheet('create'); };
  const submitCreate = () => run('create', async () => {
    const created = await createChannel({ name: name.trim(), transport, webhookUrl: address.trim() });
    setSheet(null);
    // The relay needs the secret to sign what it posts; the server shows it this once.
    if (created.channel.transport === 'bridge') setSecret({ channel: created.channel.name, value: created.secret });
    else void Taro.showToast({ title: '已添加，机器人会在群里打招呼', icon: 'none' });
  });

  const onAction = (ch: BotChannelDTO, action: ChannelAction) => {
    const key = { id: ch.id, action };
    if (action === 'renew') void run(key, async () => { await renewBindingCode(ch.id); });
    if (action === 'webhook') { setTarget(ch); setAddress(ch.webhookUrl ?? ''); setSheet('webhook'); }
    if (action === 'secret') {
      void Taro.showModal({ title: '更换签名密钥', content: '旧密钥会立即失效，需要把新密钥填入中继配置。确定更换？', confirmText: '更换' }).then(({ confirm }) => {
        if (confirm) void run(key, async () => { setSecret({ channel: ch.name, value: (await rotateChannelSecret(ch.id)).secret }); });
      });
    }
    if (action === 'unbind') {
      void Taro.showModal({ title: `解绑「${ch.name}」？`, content: '解绑后机器人不再往这个群发消息，还没发出的消息也会取消。', confirmText: '解绑', confirmColor: '#e5484d' }).then(({ confirm }) => {
        if (confirm) void run(key, async () => { await unbindChannel(ch.id); void Taro.showToast({ title: '已解绑', icon: 'none' }); });
      });
    }
  };
  const submitWebhook = () => target && run({ id: target.id, action: 'webhook' }, async () => {
    await updateChannelWebhook(target.id, address.trim());
    setSheet(null);
    void Taro.showToast({ title: '地址已更新', icon: 'none' });
  });

  const hint = ADDRESS_HINT[transport];
  const channels = list.status === 'ready' ? sorted(list.data) : undefined;
  return (
    <View className={`page bot-page bot-page--${list.status}`}>
      <Card className='bot-intro'>
        <Text className='bot-intro__title'>把邻居群交给机器人</Text>
        <Text className='bot-intro__text'>开团、接龙进度、成团、截团和到货提醒会自动发到群里；邻居在群里发「+1」「接龙 2」即可下单。</Text>
        <View className='bot-intro__action'><AppButton block onClick={openCreate}>绑定新群</AppButton></View>
      </Card>

      <RemoteList
        status={list.status}
        items={channels}
        errorMessage={list.status === 'error' ? list.error.message : undefined}
        onRetry={list.reload}
        empty={{ title: '还没有绑定群', description: '绑定后，团购消息会自动发到邻居群里' }}
        renderItem={(ch) => (
          <ChannelCard key={ch.id} ch={ch} busy={busy !== null && busy !== 'create' && busy.id === ch.id ? busy.action : null} onAction={(a) => onAction(ch, a)} />
        )}
      />

      <Sheet title='绑定新群' open={sheet === 'create'} onClose={() => setSheet(null)} id='create-channel-sheet'>
        <Text className='bot-field__label'>群名称</Text>
        <Input id='channel-name' className='bot-input' value={name} maxlength={100} placeholder='例如：阳光花园邻居群' onInput={(e) => setName(e.detail.value)} />
        <Text className='bot-field__label'>接入方式</Text>
        <Chips<NewTransport>
          idPrefix='transport'
          options={[{ key: 'wecom_webhook', label: TRANSPORT_LABEL.wecom_webhook }, { key: 'bridge', label: TRANSPORT_LABEL.bridge }]}
          value={transport}
          onChange={setTransport}
        />
        <Text className='bot-field__label'>{hint.label}</Text>
        <Input id='channel-address' className='bot-input' value={address} maxlength={512} placeholder={hint.placeholder} onInput={(e) => setAddress(e.detail.value)} />
        <Text className='bot-field__note'>{hint.note}</Text>
        <AppButton block loading={busy === 'create'} disabled={name.trim().length === 0 || address.trim().length === 0} onClick={submitCreate}>添加</AppButton>
      </Sheet>

      <Sheet title='更改地址' open={sheet === 'webhook'} onClose={() => setSheet(null)}>
        <Text className='bot-field__label'>{target?.transport === 'wecom_webhook' ? 'webhook 地址' : '中继回调地址'}</Text>
        <Input id='channel-new-address' className='bot-input' value={address} maxlength={512} onInput={(e) => setAddress(e.detail.value)} />
        <Text className='bot-field__note'>机器人被移出群后重新添加，webhook 地址会变化，在这里换成新的；发送暂停也会解除。</Text>
        <AppButton block loading={busy !== null && busy !== 'create' && busy.action === 'webhook'} disabled={address.trim().length === 0} onClick={submitWebhook}>保存</AppButton>
      </Sheet>

      <Sheet title='中继签名密钥' open={secret !== null} onClose={() => setSecret(null)} id='secret-sheet'>
        <Text className='bot-field__note'>「{secret?.channel}」的密钥只显示这一次，请复制到中继的配置里。中继用它签名推送的群消息。</Text>
        <Text className='bot-secret' id='channel-secret' userSelect>{secret?.value}</Text>
        <AppButton block onClick={() => { if (secret) void Taro.setClipboardData({ data: secret.value }); }}>复制密钥</AppButton>
      </Sheet>
    </View>
  );
}
