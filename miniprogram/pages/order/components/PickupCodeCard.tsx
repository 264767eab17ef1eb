import { Text, View } from '@tarojs/components';
import { QrCode } from '../../../components/QrCode';

/** The pickup code as text (to read out) and as a QR (for the store to scan), with where to collect. */
export function PickupCodeCard({ code, pointName, address }: { code: string; pointName: string; address: string }) {
  return (
    <View className='pickup-code' id='pickup-code'>
      <Text className='pickup-code__label'>取货码</Text>
      <Text className='pickup-code__code'>{code}</Text>
      <QrCode value={code} size={168} />
      <Text className='pickup-code__where'>{pointName}</Text>
      <Text className='pickup-code__addr'>{address}</Text>
      <Text className='pickup-code__tip'>到店出示此码，店主扫码或输入取货码核销</Text>
    </View>
  );
}
