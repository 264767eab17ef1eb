/** Up to `max` photos: thumbnails with a remove mark, and an add tile while there is room. The page uploads. */
import { Image, Text, View } from '@tarojs/components';
import './index.scss';

export interface PhotoPickerProps {
  /** URLs to show (uploaded ones, resolved by the page). */
  photos: string[];
  max: number;
  uploading?: boolean;
  onAdd: () => void;
  onRemove: (index: number) => void;
}

export function PhotoPicker({ photos, max, uploading, onAdd, onRemove }: PhotoPickerProps) {
  return (
    <View className='photo-picker'>
      {photos.map((src, i) => (
        <View key={src} className='photo-picker__tile'>
          <Image className='photo-picker__img' src={src} mode='aspectFill' />
          <View className='photo-picker__remove' onClick={() => onRemove(i)} role='button' aria-label='删除图片'><Text>×</Text></View>
        </View>
      ))}
      {photos.length < max ? (
        <View className={`photo-picker__tile photo-picker__add${uploading ? ' photo-picker__add--busy' : ''}`} onClick={uploading ? undefined : onAdd} role='button' id='photo-add'>
          <Text className='photo-picker__plus'>{uploading ? '…' : '+'}</Text>
          <Text className='photo-picker__hint'>{uploading ? '上传中' : `${photos.length}/${max}`}</Text>
        </View>
      ) : null}
    </View>
  );
}
