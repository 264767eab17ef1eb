/**
 * The top of every role home: a greeting with the user's name, which role they are acting as, a line of
 * context (community, store…), and the way to the "me" page (profile, role switch, sign out).
 */
import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import { Avatar } from '../Avatar';
import { Tag } from '../Tag';
import './index.scss';

export interface HomeHeaderProps {
  greeting: string;
  name: string;
  avatarUrl?: string | null;
  roleLabel: string;
  subtitle?: string;
  onOpenMe: () => void;
  children?: ReactNode;
}

export function HomeHeader({ greeting, name, avatarUrl, roleLabel, subtitle, onOpenMe, children }: HomeHeaderProps) {
  return (
    <View className='home-header'>
      <View className='home-header__top'>
        <View className='home-header__who'>
          <Text className='home-header__greeting'>{greeting}，{name}</Text>
          <View className='home-header__meta'>
            <Tag tone='white'>{roleLabel}</Tag>
            {subtitle ? <Text className='home-header__subtitle'>{subtitle}</Text> : null}
          </View>
        </View>
        <View className='home-header__me' hoverClass='home-header__me--pressed' onClick={onOpenMe} aria-label='我的'>
          <Avatar name={name} url={avatarUrl} size={44} />
          <Text className='home-header__me-label'>我的</Text>
        </View>
      </View>
      {children ? <View className='home-header__extra'>{children}</View> : null}
    </View>
  );
}
