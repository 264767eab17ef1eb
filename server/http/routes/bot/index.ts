/** Every route of the chat-group bot (issue 7). */
import type { Api } from '../../api';
import type { Container } from '../../../container';
import { botChannelRoutes } from './channels.routes';
import { botBridgeRoutes } from './bridge.routes';
import { botMemberRoutes } from './member.routes';
import { botAdminRoutes } from './admin.routes';

export function botRoutes(c: Container): Api[] {
  return [botChannelRoutes(c), botBridgeRoutes(c), botMemberRoutes(c), botAdminRoutes(c)];
}
