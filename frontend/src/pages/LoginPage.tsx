import { type FormEvent, useState } from 'react';
import { Navigate } from 'react-router';
import { NotSuperuserError, useAuth } from '../auth/AuthContext';
import { Icon, Logo } from '../components/icons';
import { Button, Field, InlineError } from '../components/ui';

export function LoginPage() {
  const { session, login } = useAuth();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  if (session) return <Navigate to="/" replace />;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(email.trim(), password);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login">
      <div className="login-panel">
        <div className="login-brand">
          <Logo size={40} />
          <div>
            <h1>SelfDB</h1>
            <p>Your own backend: PostgreSQL, auth, storage, realtime and functions.</p>
          </div>
        </div>
        <form className="login-card" onSubmit={submit} aria-label="Sign in">
          <h2>Sign in to the dashboard</h2>
          <p className="muted">Superuser accounts only.</p>
          {error instanceof NotSuperuserError ? (
            <div className="refusal" role="alert">
              <Icon name="lock" size={18} />
              <div>
                <strong>Access refused</strong>
                <p>{error.message}</p>
              </div>
            </div>
          ) : (
            <InlineError error={error} />
          )}
          <Field label="Email">
            <input
              className="input"
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          </Field>
          <Field label="Password">
            <input
              className="input"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </Field>
          <Button type="submit" variant="primary" busy={busy} className="btn-block">
            Sign in
          </Button>
          <p className="login-hint">
            The first superuser is <code>DEFAULT_ADMIN_EMAIL</code> / <code>DEFAULT_ADMIN_PASSWORD</code> in{' '}
            <code>.env</code>.
          </p>
        </form>
        <a className="login-docs" href="/docs" target="_blank" rel="noreferrer">
          <Icon name="book" size={14} /> API documentation
        </a>
      </div>
    </div>
  );
}
