/**
 * The app's button. A View rather than Taro's Button: WeChat's native button carries its own borders, margins
 * and line height that differ from the web build; this looks the same on both.
 */
import { View } from '@tarojs/components';
import type { ReactNode } from 'react';
import './index.scss';

export interface AppButtonProps {
  children: ReactNode;
  variant?: 'primary' | 'secondary' | 'ghost' | 'danger';
  size?: 'md' | 'sm';
  block?: boolean;
  loading?: boolean;
  disabled?: boolean;
  onClick?: () => void;
}

export function AppButton({ children, variant = 'primary', size = 'md', block, loading, disabled, onClick }: AppButtonProps) {
  const inactive = Boolean(disabled || loading);
  const cls = ['app-btn', `app-btn--${variant}`, `app-btn--${size}`, block ? 'app-btn--block' : '', inactive ? 'app-btn--disabled' : '']
    .filter(Boolean)
    .join(' ');
  return (
    <View
      className={cls}
      hoverClass={inactive ? 'none' : 'app-btn--pressed'}
      onClick={inactive ? undefined : onClick}
      aria-disabled={inactive}
      role='button'
    >
      {loading ? <View className='app-btn__spinner' /> : null}
      <View className='app-btn__label'>{children}</View>
    </View>
  );
}
