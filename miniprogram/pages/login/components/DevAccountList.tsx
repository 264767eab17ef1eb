import { Text, View } from '@tarojs/components';
import { Avatar } from '../../../components/Avatar';
import { Tag } from '../../../components/Tag';
import { devLogin } from '../../../services/auth.api';
import type { Session } from '../../../services/types';
import { ROLE_LABEL, sortRoles } from '../../../utils/roles';
import { DEMO_ACCOUNTS } from '../demo-accounts';

/** The web build's development login: one tap signs in as a demo account. */
export function DevAccountList({ busyUsername, onPick }: {
  busyUsername: string | null;
  onPick: (username: string, attempt: () => Promise<Session>) => void;
}) {
  return (
    <View className='login-card'>
      <Text className='login-card__title'>选择演示账号登录</Text>
      <Text className='login-card__desc'>开发环境登录，无需密码。正式环境请在微信中打开。</Text>
      <View className='dev-accounts'>
        {DEMO_ACCOUNTS.map((a) => (
          <View
            key={a.username}
            className={`dev-account${busyUsername === a.username ? ' dev-account--busy' : ''}`}
            hoverClass='dev-account--pressed'
            onClick={() => onPick(a.username, () => devLogin(a.username))}
            id={`dev-login-${a.username.replace('.', '-')}`}
          >
            <Avatar name={a.displayName} size={40} />
            <View className='dev-account__main'>
              <View className='dev-account__line'>
                <Text className='dev-account__name'>{a.displayName}</Text>
                {sortRoles(a.roles).map((r) => (
                  <Tag key={r} tone={r === 'neighbour' ? 'grey' : 'green'}>{ROLE_LABEL[r]}</Tag>
                ))}
              </View>
              <Text className='dev-account__meta'>{a.username} · {a.note}</Text>
            </View>
            {busyUsername === a.username ? <View className='dev-account__spinner' /> : <View className='dev-account__arrow' />}
          </View>
        ))}
      </View>
    </View>
  );
}
