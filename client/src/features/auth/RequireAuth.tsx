import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { ApiErrorMessage } from '../../lib/ApiErrorMessage.tsx';
import { useAuth } from './auth.context.tsx';

/** Renders its children for a signed-in user; everyone else goes to the login page. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { state, retry } = useAuth();
  const { t } = useTranslation();
  const location = useLocation();

  switch (state.status) {
    case 'loading':
      return <div className="page-center muted">{t('app.loading')}</div>;
    case 'unreachable':
      return (
        <div className="page-center">
          <div className="card">
            <ApiErrorMessage error={state.error} />
            <button type="button" className="button" onClick={retry}>
              {t('app.retry')}
            </button>
          </div>
        </div>
      );
    case 'anonymous':
      return <Navigate to="/login" replace state={{ from: location.pathname }} />;
    case 'signedIn':
      return children;
  }
}
