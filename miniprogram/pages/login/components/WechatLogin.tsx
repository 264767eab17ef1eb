import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { AppButton } from '../../../components/AppButton';
import { loginWithWechat } from '../../../services/auth.api';
import { ApiError } from '../../../services/api-error';
import type { Session } from '../../../services/types';

/** WeChat sign-in: the user taps, wx.login() gives a code, the server answers with a session. */
export function WechatLogin({ busy, onLogin }: { busy: boolean; onLogin: (attempt: () => Promise<Session>) => void }) {
  const attempt = async () => {
    let code: string;
    try {
      ({ code } = await Taro.login());
    } catch (err) {
      throw new ApiError('NETWORK_ERROR', '微信登录失败，请稍后再试', 0, err);
    }
    return loginWithWechat(code);
  };
  return (
    <View className='login-card'>
      <Text className='login-card__title'>欢迎来到邻里</Text>
      <Text className='login-card__desc'>登录后查看你所在小区正在拼的团购</Text>
      <AppButton block loading={busy} onClick={() => onLogin(attempt)}>微信一键登录</AppButton>
    </View>
  );
}
