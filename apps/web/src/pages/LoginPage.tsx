import { type FormEvent, useState } from 'react';
import { api } from '../api/client.js';
import type { User } from '../api/types.js';
import { ErrorNote } from '../components/ErrorNote.js';

/** Logs in with email and password; the server sets the session and CSRF cookies. */
export function LoginPage({ onLogin }: { onLogin: (user: User) => void }) {
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(undefined);
    try {
      const answer = await api.post<{ user: User }>('/api/auth/login', {
        email: String(form.get('email')),
        password: String(form.get('password')),
      });
      onLogin(answer.user);
    } catch (caught) {
      setError(caught as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="login">
      <h1>segkit</h1>
      <form onSubmit={submit} data-testid="login-form">
        <label>
          Email
          <input name="email" type="email" autoComplete="username" required data-testid="login-email" />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            data-testid="login-password"
          />
        </label>
        <button type="submit" disabled={busy} data-testid="login-submit">
          Log in
        </button>
        <ErrorNote error={error} />
      </form>
    </main>
  );
}
