import type { ReactNode } from 'react';
import type { User } from '../api/types.js';
import { Link } from '../router.js';
import { LogoutButton } from './LogoutButton.js';

export function Layout({ user, children }: { user: User; children: ReactNode }) {
  return (
    <>
      <header className="topbar">
        <Link href="/" className="brand">
          segkit
        </Link>
        <Link href="/">Projects</Link>
        <span className="spacer" />
        <span data-testid="current-user">
          {user.name} · {user.email}
          {user.role === 'admin' ? ' · admin' : ''}
        </span>
        <LogoutButton />
      </header>
      <main>{children}</main>
    </>
  );
}
