/**
 * The demo's payment sheet (sandbox provider): the amount, "pay" and "make it fail". In WeChat with WeChat Pay
 * configured, WeChat's own sheet appears instead and this one is never shown.
 */
import { Text, View } from '@tarojs/components';
import { Sheet } from '../Sheet';
import { AppButton } from '../AppButton';
import './index.scss';

export interface PaySheetProps {
  open: boolean;
  amountText: string;
  busy: boolean;
  onPay: () => void;
  onFail: () => void;
  onClose: () => void;
}

export function PaySheet({ open, amountText, busy, onPay, onFail, onClose }: PaySheetProps) {
  return (
    <Sheet title='确认支付' open={open} onClose={onClose} id='pay-sheet'>
      <View className='pay-sheet'>
        <Text className='pay-sheet__amount'>{amountText}</Text>
        <Text className='pay-sheet__note'>演示环境 · 沙箱支付，不会真实扣款</Text>
        <View className='pay-sheet__method'>
          <View className='pay-sheet__icon'><Text>付</Text></View>
          <Text className='pay-sheet__method-name'>沙箱支付</Text>
          <View className='pay-sheet__check' />
        </View>
        <AppButton block loading={busy} onClick={onPay}>确认支付 {amountText}</AppButton>
        <View className='pay-sheet__fail' onClick={busy ? undefined : onFail} role='button'><Text>模拟支付失败</Text></View>
      </View>
    </Sheet>
  );
}
