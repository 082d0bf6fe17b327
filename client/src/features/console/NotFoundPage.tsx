import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export function NotFoundPanel() {
  const { t } = useTranslation();
  return (
    <section className="panel panel-empty" data-testid="not-found">
      <h1>{t('console.notFoundTitle')}</h1>
      <p>
        <Link to="/console">{t('console.backToConsole')}</Link>
      </p>
    </section>
  );
}

export function NotFoundPage() {
  return (
    <div className="page-center">
      <NotFoundPanel />
    </div>
  );
}
