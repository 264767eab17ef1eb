import { Text, View } from '@tarojs/components';
import type { OrderDTO } from '@shared/types/order';
import { formatDateTime, formatMoney } from '../../../utils/format';
import { REFUND_REASON_LABEL, REFUND_STATUS_LABEL } from '../../../utils/labels';

/** The items at their prices (final tier price once known), what was paid, and each refund with its state. */
export function MoneyLines({ order }: { order: OrderDTO }) {
  return (
    <View>
      {order.items.map((i) => (
        <View key={i.id} className='money-line'>
          <View className='money-line__main'>
            <Text className='money-line__title'>{i.title}</Text>
            <Text className='money-line__note'>
              {formatMoney(i.unitPriceFen)} × {i.quantity}
              {i.finalUnitPriceFen !== null && i.finalUnitPriceFen !== i.unitPriceFen ? ` · 成团价 ${formatMoney(i.finalUnitPriceFen)}` : ''}
              {i.refundedQuantity ? ` · 已退 ${i.refundedQuantity} 件` : ''}
            </Text>
          </View>
          <Text className='money-line__amount'>{formatMoney(i.unitPriceFen * i.quantity)}</Text>
        </View>
      ))}
      <View className='money-total'>
        <Text>商品合计</Text><Text>{formatMoney(order.itemsFen)}</Text>
      </View>
      {order.paidFen ? <View className='money-total money-total--strong'><Text>实付</Text><Text>{formatMoney(order.paidFen)}</Text></View> : null}
      {order.refundedFen ? <View className='money-total money-total--refund'><Text>已退款</Text><Text>{formatMoney(order.refundedFen)}</Text></View> : null}
      {order.refunds.map((r) => (
        <View key={r.id} className='refund-line'>
          <Text>{REFUND_REASON_LABEL[r.reasonKind]} · {REFUND_STATUS_LABEL[r.status]}</Text>
          <Text>{formatMoney(r.amountFen)} · {formatDateTime(r.createdAt)}</Text>
        </View>
      ))}
    </View>
  );
}
