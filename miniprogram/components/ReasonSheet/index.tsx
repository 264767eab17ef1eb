/**
 * A bottom sheet that asks why before an action that needs a reason (reject, cancel, void, refund…). The confirm
 * button stays off until the reason is long enough, and says what is missing; the page runs the action and
 * closes the sheet when it succeeds (a failure keeps it open with the text as typed).
 */
import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import { Sheet } from '../Sheet';
import { TextArea } from '../TextArea';
import { AppButton } from '../AppButton';
import './index.scss';

export interface ReasonSheetProps {
  title: string;
  open: boolean;
  onClose: () => void;
  value: string;
  onInput: (v: string) => void;
  onConfirm: () => void;
  /** What happens, shown above the text box. */
  note?: ReactNode;
  placeholder?: string;
  confirmText?: string;
  danger?: boolean;
  busy?: boolean;
  /** The server's minimum (2 characters for reasons, 1 for notes). */
  minLength?: number;
  maxLength?: number;
  /** The textarea's id, for tests. */
  inputId?: string;
  /** Extra fields below the text (a date, an amount). */
  children?: ReactNode;
  /** Keeps the confirm button off for another reason (an extra field is not valid yet); that field says why. */
  confirmDisabled?: boolean;
}

export function ReasonSheet(p: ReasonSheetProps) {
  const min = p.minLength ?? 2;
  const short = p.value.trim().length < min;
  return (
    <Sheet title={p.title} open={p.open} onClose={p.onClose} id='reason-sheet'>
      {p.note ? <View className='reason-sheet__note'>{p.note}</View> : null}
      <TextArea id={p.inputId ?? 'reason-input'} value={p.value} maxLength={p.maxLength ?? 255} placeholder={p.placeholder ?? '请填写原因'} onInput={p.onInput} />
      {p.children}
      <Text className='reason-sheet__hint'>{short ? (min > 1 ? `请填写原因（至少${min}个字）` : '请填写说明') : ' '}</Text>
      <AppButton block variant={p.danger ? 'danger' : 'primary'} loading={p.busy} disabled={short || p.confirmDisabled} onClick={p.onConfirm}>{p.confirmText ?? '确认'}</AppButton>
    </Sheet>
  );
}
