'use client';

import { useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useState, type FormEvent } from 'react';
import { toApiError, type ApiError } from '../api/api-error';
import { useSession, useSessionManager } from '../session/session-provider';
import { Alert, ErrorAlert } from '../ui/alert';
import { Field } from '../ui/field';
import { safeNextPath, withNext } from './next-path.util';
import { formatWait, useCountdown } from './use-countdown';

const REASONS = {
  none: undefined,
  ended: 'Your session has ended. Sign in again to continue.',
  'signed-out': 'You have signed out.',
} as const;

/** E-mail and password; a lockout (429) disables the form with a countdown from `Retry-After`. */
export function LoginForm() {
  const session = useSession();
  const manager = useSessionManager();
  const router = useRouter();
  const next = safeNextPath(useSearchParams().get('next'));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [missing, setMissing] = useState<{ email?: string; password?: string }>({});
  const [lockedUntil, setLockedUntil] = useState<number>();
  const wait = useCountdown(lockedUntil);

  // Signed in (here, in another tab, or still from the cookie): go on, through the password change if due.
  useEffect(() => {
    if (session.status !== 'signed-in') return;
    router.replace(session.user.mustChangePassword ? withNext('/change-password', next) : next);
  }, [session, next, router]);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const empty = { ...(email.trim() ? {} : { email: 'Enter your e-mail address' }), ...(password ? {} : { password: 'Enter your password' }) };
    setMissing(empty);
    if (Object.keys(empty).length > 0) return;
    setBusy(true);
    setError(undefined);
    try {
      await manager.signIn(email.trim(), password);
    } catch (caught) {
      const problem = toApiError(caught);
      setError(problem);
      setPassword('');
      if (problem.code === 'RATE_LIMITED') setLockedUntil(Date.now() + (problem.retryAfterSeconds ?? 60) * 1000);
      setBusy(false);
    }
  };

  if (session.status === 'loading' || session.status === 'signed-in') {
    return (
      <div className="card auth__card" aria-busy="true">
        <div className="loading">
          <span className="spinner" aria-hidden="true" />
          <span>{session.status === 'signed-in' ? 'Signed in, opening the console…' : 'Checking your session…'}</span>
        </div>
      </div>
    );
  }

  const locked = wait > 0;
  const reason = session.status === 'signed-out' ? REASONS[session.reason] : undefined;
  return (
    <form className="card auth__card" onSubmit={submit} noValidate aria-labelledby="login-title">
      <h1 id="login-title" className="auth__title">
        Sign in
      </h1>
      <p className="auth__lead">Use the account your administrator created for you.</p>

      {reason && !error && <Alert tone="info">{reason}</Alert>}
      {session.status === 'unreachable' && <Alert tone="warning" title="The console cannot reach its server.">{session.message}</Alert>}
      {error?.code === 'RATE_LIMITED' ? (
        <Alert tone="warning" title="Sign-in temporarily blocked" testId="lockout">
          <p className="notice__text">{error.detail}</p>
          {locked && <p className="notice__text">You can try again in {formatWait(wait)}.</p>}
        </Alert>
      ) : (
        <ErrorAlert error={error} shownFields={['email', 'password']} testId="login-error" />
      )}

      <Field label="E-mail" error={missing.email ?? error?.fieldError('email')}>
        <input
          className="input"
          type="email"
          name="email"
          autoComplete="username"
          autoFocus
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
      </Field>
      <Field label="Password" error={missing.password ?? error?.fieldError('password')}>
        <input
          className="input"
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
      </Field>
      <button type="submit" className="btn btn--primary btn--block" disabled={busy || locked}>
        {busy ? 'Signing in…' : locked ? `Try again in ${formatWait(wait)}` : 'Sign in'}
      </button>
    </form>
  );
}
