import { useState } from 'react';
import { api, LOGGED_OUT_EVENT } from '../api/client.js';

/** Ends the session on the server (the cookies are cleared), then the app shows the login page. */
export function LogoutButton() {
  const [failed, setFailed] = useState<string>();
  const logOut = async () => {
    try {
      await api.post('/api/auth/logout');
      window.dispatchEvent(new Event(LOGGED_OUT_EVENT));
    } catch (caught) {
      setFailed((caught as Error).message);
    }
  };
  return (
    <button type="button" className="logout" onClick={logOut} title={failed} data-testid="logout">
      {failed === undefined ? 'Log out' : 'Log out (failed: try again)'}
    </button>
  );
}
