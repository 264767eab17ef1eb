/**
 * "Me": who is signed in, the role switcher for users with several roles (a leader is usually a neighbour
 * too), and sign out. Any signed-in user may open it, whatever their role.
 */
import { Text, View } from '@tarojs/components';
import { Avatar } from '../../components/Avatar';
import { AppButton } from '../../components/AppButton';
import { Cell, CellGroup } from '../../components/Cell';
import { Tag } from '../../components/Tag';
import { useRoleGuard } from '../../hooks/useRoleGuard';
import { clearSession, setActiveRole } from '../../stores/session';
import type { Role } from '../../services/types';
import { ROLE_LABEL, sortRoles } from '../../utils/roles';
import { goHome } from '../../utils/nav';
import './index.scss';

const ROLE_NOTE: Record<Role, string> = {
  neighbour: '参团购买、到店自提',
  leader: '开团、分享、查看收益',
  pickup: '到货确认、核销取货码',
  admin: '审批、商品、结算与报表',
};

export default function MePage() {
  const session = useRoleGuard(null);
  if (!session) return null;
  const { user, activeRole } = session;
  const roles = sortRoles(user.roles);

  const switchTo = (role: Role) => {
    setActiveRole(role);
    goHome(role);
  };
  // useRoleGuard sees the session end and takes the user to login.
  const signOut = () => clearSession();

  return (
    <View className='page me-page'>
      <View className='me-profile'>
        <Avatar name={user.displayName} url={user.avatarUrl} size={60} />
        <View className='me-profile__main'>
          <Text className='me-profile__name'>{user.displayName}</Text>
          <Text className='me-profile__meta'>{user.username ?? (user.phone ? `手机 ${user.phone}` : '微信用户')}</Text>
        </View>
      </View>

      <Text className='me-group-title'>{roles.length > 1 ? '切换身份' : '我的身份'}</Text>
      <CellGroup>
        {roles.map((role) => (
          <Cell
            key={role}
            title={<Text className={role === activeRole ? 'me-role me-role--active' : 'me-role'}>{ROLE_LABEL[role]}</Text>}
            note={ROLE_NOTE[role]}
            value={role === activeRole ? <Tag tone='green'>当前</Tag> : undefined}
            arrow
            onClick={() => switchTo(role)}
          />
        ))}
      </CellGroup>

      <View className='me-signout'>
        <AppButton variant='danger' block onClick={signOut}>退出登录</AppButton>
      </View>
    </View>
  );
}
