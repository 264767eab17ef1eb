/**
 * Sign in. In WeChat: Taro.login() gives a one-time code the server trades for a session. On the web build:
 * the development login, a list of the demo accounts. Admins sign in with a username and password (on the web
 * build below the demo list; in WeChat behind a link under the WeChat button). Either way the user then lands on
 * their role's home; someone already signed in goes there straight away.
 */
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { getSession, setSession } from '../../stores/session';
import type { Session } from '../../services/types';
import { userMessage } from '../../services/api-error';
import { goHome } from '../../utils/nav';
import { DevAccountList } from './components/DevAccountList';
import { WechatLogin } from './components/WechatLogin';
import { AdminLogin } from './components/AdminLogin';
import './index.scss';

/** Where to go after signing in when a page sent the user here (a share link's "join"): an in-app path only. */
function redirectTarget(raw: string | undefined): string | null {
  const url = raw ? decodeURIComponent(raw) : '';
  return /^\/(pages|service|leader|store|admin)\/[\w/-]+(\?[\w=&%.-]*)?$/.test(url) ? url : null;
}

export default function LoginPage() {
  const redirect = redirectTarget(useRouter().params.redirect);
  // Which attempt failed: the admin form shows its own error next to its fields (below the fold on the web).
  const [error, setError] = useState<{ key: string; message: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  // In WeChat the admin form is one tap away; neighbours never need it.
  const [adminOpen, setAdminOpen] = useState(process.env.TARO_ENV !== 'weapp');

  // Opened while signed in (app relaunch, the web's "/"): go home. Fresh sign-ins navigate in signIn().
  useEffect(() => {
    const session = getSession();
    if (session && redirect) void Taro.redirectTo({ url: redirect });
    else if (session) goHome(session.activeRole);
  }, []);

  /** Runs one sign-in attempt; `key` marks which button spins. */
  const signIn = async (key: string, attempt: () => Promise<Session>) => {
    if (busy) return;
    setBusy(key);
    setError(null);
    try {
      const next = setSession(await attempt());
      // Back to the page that asked for a sign-in, replacing this one so "back" skips the login.
      if (redirect) void Taro.redirectTo({ url: redirect });
      else goHome(next.activeRole);
    } catch (err) {
      setError({ key, message: userMessage(err) });
    } finally {
      setBusy(null);
    }
  };

  return (
    <View className='page login-page'>
      <View className='login-brand'>
        <View className='login-brand__logo'><Text>邻</Text></View>
        <Text className='login-brand__name'>邻里团购</Text>
        <Text className='login-brand__slogan'>产地直采 · 小区自提 · 邻居一起拼</Text>
      </View>

      {error && error.key !== 'admin' ? (
        <View className='login-error' role='alert'>
          <Text>{error.message}</Text>
        </View>
      ) : null}

      {process.env.TARO_ENV === 'weapp' ? (
        <WechatLogin busy={busy === 'wechat'} onLogin={(attempt) => signIn('wechat', attempt)} />
      ) : (
        <DevAccountList busyUsername={busy} onPick={(username, attempt) => signIn(username, attempt)} />
      )}

      {adminOpen ? (
        <AdminLogin busy={busy === 'admin'} error={error?.key === 'admin' ? error.message : null} onLogin={(attempt) => signIn('admin', attempt)} />
      ) : (
        <Text className='login-admin-link' onClick={() => setAdminOpen(true)}>平台管理员登录</Text>
      )}
    </View>
  );
}
