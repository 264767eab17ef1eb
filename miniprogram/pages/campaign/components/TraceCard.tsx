import { Text, View } from '@tarojs/components';
import type { TraceabilityDTO } from '@shared/types/campaign';
import { formatDay } from '../../../utils/format';
import { STORAGE_LABEL } from '../../../utils/labels';

/** 溯源卡: where and when it was grown, which lot, who supplies it with which certificates, how it is kept. */
export function TraceCard({ t }: { t: TraceabilityDTO }) {
  const rows: Array<[string, string]> = [];
  if (t.origin) rows.push(['产地', t.origin]);
  if (t.harvestedOn) rows.push(['采收/生产', formatDay(t.harvestedOn)]);
  if (t.lotCode) rows.push(['批次', t.lotCode]);
  rows.push(['储存', [STORAGE_LABEL[t.storage], t.storageNote, t.shelfLifeDays ? `保质期 ${t.shelfLifeDays} 天` : null].filter(Boolean).join(' · ')]);
  rows.push(['供应商', `${t.supplier.name}（${t.supplier.region}）`]);
  return (
    <View className='trace-card'>
      <View className='trace-card__head'>
        <Text className='trace-card__badge'>溯</Text>
        <Text className='trace-card__title'>溯源信息</Text>
      </View>
      {rows.map(([k, v]) => (
        <View key={k} className='trace-card__row'>
          <Text className='trace-card__key'>{k}</Text>
          <Text className='trace-card__value'>{v}</Text>
        </View>
      ))}
      {t.supplier.certifications.length ? (
        <View className='trace-card__certs'>
          {t.supplier.certifications.map((c) => (
            <View key={c.number} className='trace-card__cert'>
              <Text className='trace-card__cert-name'>{c.name}</Text>
              <Text className='trace-card__cert-no'>{c.number}{c.issuer ? ` · ${c.issuer}` : ''}</Text>
            </View>
          ))}
        </View>
      ) : null}
    </View>
  );
}
