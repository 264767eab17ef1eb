/**
 * The app root. On launch, a stored session is refreshed in the background so that roles granted since the
 * last visit (an admin approved a leader, say) show up, and an expired or revoked token ends the session
 * instead of failing on every page.
 */
import type { PropsWithChildren } from 'react';
import { useLaunch } from '@tarojs/taro';
import { getSession, setSession } from './stores/session';
import { refreshSession } from './services/auth.api';
import './app.scss';

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    const started = getSession();
    if (!started) return;
    // A 401 clears the session inside request(); pages guarding their role then go to login.
    refreshSession().then((fresh) => {
      // Signed out or in as someone else meanwhile: this answer belongs to a session that is gone.
      if (getSession()?.token === started.token) setSession(fresh);
    }, () => undefined);
  });
  return children;
}

export default App;
