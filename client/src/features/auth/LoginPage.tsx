import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { ApiErrorMessage } from '../../lib/ApiErrorMessage.tsx';
import { LanguageSwitch } from '../console/LanguageSwitch.tsx';
import { useAuth } from './auth.context.tsx';

function returnPath(state: unknown): string {
  const from = (state as { from?: unknown } | null)?.from;
  return typeof from === 'string' && from.startsWith('/console') ? from : '/console';
}

export function LoginPage() {
  const { t } = useTranslation();
  const { state, login } = useAuth();
  const location = useLocation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);

  // Also how a successful login leaves this page: the state turns signedIn.
  if (state.status === 'signedIn') return <Navigate to={returnPath(location.state)} replace />;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitting(true);
    setError(null);
    try {
      await login(username.trim(), password);
    } catch (caught) {
      setError(caught);
      setPassword('');
      setSubmitting(false);
    }
  }

  return (
    <div className="login-page">
      <div className="login-lang">
        <LanguageSwitch />
      </div>
      <form className="card login-card" onSubmit={onSubmit} aria-labelledby="login-title" data-testid="login-form">
        <div className="login-brand">{t('app.title')}</div>
        <h1 id="login-title">{t('auth.loginTitle')}</h1>
        {state.status === 'anonymous' && state.sessionEnded && !error ? (
          <div className="notice notice-warning" role="status">
            {t('auth.sessionEnded')}
          </div>
        ) : null}
        {error ? <ApiErrorMessage error={error} testId="login-error" titles={{ unauthenticated: t('auth.loginFailed') }} /> : null}
        <label className="field">
          <span>{t('auth.username')}</span>
          <input
            name="username"
            autoComplete="username"
            autoFocus
            required
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            data-testid="login-username"
          />
        </label>
        <label className="field">
          <span>{t('auth.password')}</span>
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            data-testid="login-password"
          />
        </label>
        <button type="submit" className="button button-primary button-block" disabled={submitting} data-testid="login-submit">
          {submitting ? t('auth.submitting') : t('auth.submit')}
        </button>
        <p className="muted small">{t('auth.loginHint')}</p>
      </form>
    </div>
  );
}
