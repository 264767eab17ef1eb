import { Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { AppButton } from '../../../components/AppButton';
import { ApiError } from '../../../services/api-error';
import { loginAsAdmin } from '../../../services/admin-auth.api';
import type { Session } from '../../../services/types';

/**
 * The platform team's sign-in: username and password (POST /api/auth/admin). A wrong password shows the server's
 * "用户名或密码错误" in the card, and the form keeps what was typed.
 */
export function AdminLogin({ busy, error, onLogin }: { busy: boolean; error: string | null; onLogin: (attempt: () => Promise<Session>) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const submit = () => onLogin(async () => {
    if (!username.trim() || !password) throw new ApiError('INVALID_INPUT', '请输入管理员用户名和密码', 0);
    return loginAsAdmin(username.trim(), password);
  });
  return (
    <View className='login-card admin-login' id='admin-login'>
      <Text className='login-card__title'>平台管理员登录</Text>
      <Text className='login-card__desc'>审批、商品库、结算与报表</Text>
      <View className='admin-login__field'>
        <Text className='admin-login__label'>用户名</Text>
        <Input id='admin-username' className='admin-login__input' value={username} maxlength={64} placeholder='管理员账号'
          onInput={(e) => setUsername(e.detail.value)} />
      </View>
      <View className='admin-login__field'>
        <Text className='admin-login__label'>密码</Text>
        <Input id='admin-password' className='admin-login__input' password value={password} maxlength={200} placeholder='密码'
          onInput={(e) => setPassword(e.detail.value)} onConfirm={submit} />
      </View>
      {error ? <View className='login-error admin-login__error' role='alert'><Text>{error}</Text></View> : null}
      <View className='admin-login__submit' id='admin-login-submit'>
        <AppButton block loading={busy} onClick={submit}>登录管理后台</AppButton>
      </View>
    </View>
  );
}
