/** The user's picture, or the first character of their name on a colour picked from it (stable per name). */
import { Image, Text, View } from '@tarojs/components';
import './index.scss';

const COLOURS = ['#1f9d55', '#f08c2e', '#3b82c4', '#9b59b6', '#e5484d', '#14a3a3'];

export function Avatar({ name, url, size = 44 }: { name: string; url?: string | null; size?: number }) {
  const style = { width: `${size}px`, height: `${size}px` };
  if (url) return <Image className='avatar' src={url} style={style} mode='aspectFill' />;
  const initial = Array.from(name.trim())[0] ?? '邻';
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return (
    <View className='avatar' style={{ ...style, background: COLOURS[h % COLOURS.length] }}>
      <Text className='avatar__text' style={{ fontSize: `${Math.round(size * 0.42)}px` }}>{initial}</Text>
    </View>
  );
}
