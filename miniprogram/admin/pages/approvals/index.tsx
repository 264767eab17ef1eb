/**
 * 入驻审批 (sub-package "admin"): leader applications and pickup-point registrations, in tabs, by state. A pending
 * one shows what was applied for; the admin approves it (a leader gets the community applied for, found or
 * created by name; a store may get its own fee per order) or rejects it with a reason the applicant sees.
 */
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { useCallback, useState } from 'react';
import type { ApprovalStatus } from '@shared/types/statuses';
import type { LeaderApplicationDTO } from '@shared/types/admin-ops';
import type { PickupPointDTO } from '@shared/types/fulfilment';
import { parseYuanToFen } from '@shared/money';
import { Chips } from '../../../components/Chips';
import { Segmented } from '../../../components/Segmented';
import { RemoteList, remoteListProps } from '../../../components/RemoteList';
import { RowCard } from '../../../components/RowCard';
import { AppButton } from '../../../components/AppButton';
import { Sheet } from '../../../components/Sheet';
import { ReasonSheet } from '../../../components/ReasonSheet';
import { FormField } from '../../../components/FormField';
import { useRoleGuard } from '../../../hooks/useRoleGuard';
import { useRemote } from '../../../hooks/useRemote';
import { usePullRefresh } from '../../../hooks/usePullRefresh';
import { useReloadOnChange } from '../../../hooks/useReloadOnChange';
import {
  approveLeaderApplication, approvePickupPoint, listLeaderApplications, listPickupPointRegistrations, rejectLeaderApplication, rejectPickupPoint,
} from '../../../services/admin.api';
import { userMessage } from '../../../services/api-error';
import { formatDateTime, formatMoney } from '../../../utils/format';
import './index.scss';

type Kind = 'leader' | 'pickup_point';
type Row = { kind: 'leader'; a: LeaderApplicationDTO } | { kind: 'pickup_point'; p: PickupPointDTO };

const KINDS = [{ key: 'leader' as const, label: '团长申请' }, { key: 'pickup_point' as const, label: '自提点申请' }];
const STATUSES: Array<{ key: ApprovalStatus; label: string }> = [
  { key: 'pending', label: '待审批' }, { key: 'approved', label: '已通过' }, { key: 'rejected', label: '已拒绝' }, { key: 'suspended', label: '已暂停' },
];
const STATUS_TAG: Record<ApprovalStatus, { text: string; tone: 'green' | 'orange' | 'grey' }> = {
  pending: { text: '待审批', tone: 'orange' }, approved: { text: '已通过', tone: 'green' }, rejected: { text: '已拒绝', tone: 'grey' }, suspended: { text: '已暂停', tone: 'grey' },
};

async function loadRows(kind: Kind, status: ApprovalStatus): Promise<Row[]> {
  if (kind === 'leader') return (await listLeaderApplications(status)).map((a) => ({ kind: 'leader', a }));
  return (await listPickupPointRegistrations(status)).map((p) => ({ kind: 'pickup_point', p }));
}

/** "" → the rule's default fee (null); "1.5" → 150 fen; anything else → an error to show. */
function parseFee(text: string): { fen: number | null; error: string | null } {
  if (!text.trim()) return { fen: null, error: null };
  try {
    const fen = parseYuanToFen(text);
    return fen > 100_000 ? { fen: null, error: '每单费用不超过 ¥1000.00' } : { fen, error: null };
  } catch {
    return { fen: null, error: '请输入金额，如 1.5（最多两位小数）' };
  }
}

export default function AdminApprovalsPage() {
  const session = useRoleGuard('admin');
  const initial = useRouter().params.tab === 'pickup_point' ? 'pickup_point' : 'leader';
  const [kind, setKind] = useState<Kind>(initial);
  const [status, setStatus] = useState<ApprovalStatus>('pending');
  const load = useCallback(() => loadRows(kind, status), [kind, status]);
  const list = useRemote(load, { enabled: session !== null, isEmpty: (r) => r.length === 0 });
  usePullRefresh(list.reload);
  useReloadOnChange(list.reload, [kind, status]);

  const [approving, setApproving] = useState<Row | null>(null);
  const [fee, setFee] = useState('');
  const [rejecting, setRejecting] = useState<Row | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);

  if (!session) return null;

  const run = async (action: () => Promise<unknown>, done: string, close: () => void) => {
    if (busy) return;
    setBusy(true);
    try {
      await action();
      void Taro.showToast({ title: done, icon: 'none' });
      close();
      await list.reload();
    } catch (err) {
      void Taro.showToast({ title: userMessage(err), icon: 'none', duration: 3000 });
    } finally {
      setBusy(false);
    }
  };
  const feeCheck = parseFee(fee);
  const approve = () => {
    if (!approving || feeCheck.error) return;
    void run(
      () => (approving.kind === 'leader' ? approveLeaderApplication(approving.a.id) : approvePickupPoint(approving.p.id, feeCheck.fen)),
      '已通过', () => setApproving(null),
    );
  };
  const reject = () => {
    if (!rejecting || reason.trim().length < 2) return;
    void run(
      () => (rejecting.kind === 'leader' ? rejectLeaderApplication(rejecting.a.id, reason.trim()) : rejectPickupPoint(rejecting.p.id, reason.trim())),
      '已拒绝', () => { setRejecting(null); setReason(''); },
    );
  };
  const actions = (r: Row) => (
    <>
      <AppButton size='sm' variant='ghost' onClick={() => { setReason(''); setRejecting(r); }}>拒绝</AppButton>
      <AppButton size='sm' onClick={() => { setFee(''); setApproving(r); }}>通过</AppButton>
    </>
  );

  return (
    <View className='page admin-approvals'>
      <Segmented idPrefix='kind' options={KINDS} value={kind} onChange={setKind} />
      <Chips idPrefix='status' options={STATUSES} value={status} onChange={setStatus} />
      <RemoteList
        {...remoteListProps(list)}
        empty={{ title: status === 'pending' ? '没有待审批的申请' : `没有${STATUSES.find((s) => s.key === status)?.label}的申请`, description: kind === 'leader' ? '邻居在小程序里申请成为团长' : '店主在小程序里登记自提点' }}
        renderItem={(r) => (r.kind === 'leader' ? (
          <RowCard key={`l-${r.a.id}`} id={`application-${r.a.id}`} title={r.a.name} tag={STATUS_TAG[r.a.status]}
            lines={[
              `申请小区：${r.a.appliedCity} ${r.a.appliedCommunityName}`,
              r.a.appliedAddress ? `地址：${r.a.appliedAddress}` : null,
              `电话：${r.a.phone} · 团长码 ${r.a.code}`,
              `提交于 ${formatDateTime(r.a.createdAt)}`,
              r.a.reviewedAt ? `审核于 ${formatDateTime(r.a.reviewedAt)}` : null,
              r.a.rejectReason ? `拒绝原因：${r.a.rejectReason}` : null,
            ]}
            actions={r.a.status === 'pending' ? actions(r) : undefined} />
        ) : (
          <RowCard key={`p-${r.p.id}`} id={`point-${r.p.id}`} title={r.p.name} tag={STATUS_TAG[r.p.status]}
            lines={[
              `地址：${r.p.address}`,
              `营业时间 ${r.p.hours} · 可存放 ${r.p.capacity} 单 · ${r.p.coldStorage ? '有冷藏' : '无冷藏'}`,
              `联系人：${r.p.contactName} ${r.p.contactPhone}`,
              r.p.feeFen !== null ? `每单费用 ${formatMoney(r.p.feeFen)}` : null,
              `提交于 ${formatDateTime(r.p.createdAt)}`,
              r.p.rejectReason ? `拒绝原因：${r.p.rejectReason}` : null,
            ]}
            actions={r.p.status === 'pending' ? actions(r) : undefined} />
        ))}
      />

      <Sheet title={approving?.kind === 'leader' ? '通过团长申请' : '通过自提点'} open={approving !== null} onClose={() => setApproving(null)} id='approve-sheet'>
        {approving?.kind === 'leader' ? (
          <Text className='approve-note'>
            {approving.a.name} 将成为「{approving.a.appliedCommunityName}」的团长（没有这个小区时自动创建），可开团并获得佣金。
          </Text>
        ) : approving ? (
          <>
            <Text className='approve-note'>{approving.p.name} 将成为自提点，店主可核销取货码；团长可把它加入自己的小区。</Text>
            <FormField id='fee-input' label='每单费用' type='digit' unit='元/单' value={fee} onInput={setFee} placeholder='留空按佣金规则' error={feeCheck.error} />
          </>
        ) : null}
        <AppButton block loading={busy} disabled={Boolean(feeCheck.error)} onClick={approve}>确认通过</AppButton>
      </Sheet>

      <ReasonSheet
        title='拒绝申请'
        open={rejecting !== null}
        onClose={() => setRejecting(null)}
        value={reason}
        onInput={setReason}
        onConfirm={reject}
        note='申请人会看到拒绝原因，并可重新申请。'
        placeholder='例如：资料不全，请补充营业执照'
        confirmText='确认拒绝'
        danger
        busy={busy}
      />
    </View>
  );
}
