import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError, type ApiErrorCode } from './api.ts';
import { describeError } from './error-message.ts';
import { currentLanguage } from './i18n.ts';

/**
 * Shows why a request failed, in the reader's language: a title for the error code, then
 * what the details say (the reason with its parameters, or each bad field). The server's
 * English sentence reaches English readers only (error-message.ts).
 */
export function ApiErrorMessage({
  error,
  testId,
  titles,
}: {
  error: unknown;
  testId?: string;
  /** Titles that fit the page better than the generic ones (a 401 on the login page). */
  titles?: Partial<Record<ApiErrorCode, string>>;
}) {
  const { t } = useTranslation();
  let title: string;
  let detail: string;
  if (error instanceof ApiError) {
    const described = describeError(error.code, error.message, error.details, t, currentLanguage());
    title = titles?.[error.code] ?? described.title;
    detail = error.status === 0 ? t('app.unreachable') : error.code === 'csrf' ? t('errors.csrfDetail') : (loginWait(error, t) ?? described.detail);
  } else {
    title = t('errors.internal');
    detail = currentLanguage() === 'en' && error instanceof Error ? error.message : '';
  }
  return (
    <div className="notice notice-error" role="alert" data-testid={testId}>
      <strong>{title}</strong>
      {detail && detail !== title ? (
        <span>
          {t('errors.separator')}
          {detail}
        </span>
      ) : null}
    </div>
  );
}

/** Text refused for invisible characters, said in the user's language (the server's reason codes). */
/** Why a login must wait (the server's `details.reason` and `retryAfterSeconds`). */
function loginWait(error: ApiError, t: TFunction): string | null {
  if (error.code !== 'rate_limited') return null;
  const details = error.details as { reason?: unknown; retryAfterSeconds?: unknown } | undefined;
  const seconds = typeof details?.retryAfterSeconds === 'number' ? details.retryAfterSeconds : null;
  if (seconds === null) return null;
  if (details?.reason === 'locked') return t('errors.login.locked', { minutes: Math.ceil(seconds / 60) });
  if (details?.reason === 'account_slow' || details?.reason === 'ip_slow') return t(`errors.login.${details.reason}`, { seconds });
  return null;
}

/**
 * A form's two kinds of trouble in one place: what the form itself found wrong before
 * sending (`problem`), and why the server refused (`error`).
 */
export function FormErrors({ problem, error, testId }: { problem: string | null | undefined; error: unknown; testId?: string }) {
  return (
    <>
      {problem ? (
        <div className="notice notice-error" role="alert" data-testid={testId}>
          {problem}
        </div>
      ) : null}
      {error ? <ApiErrorMessage error={error} {...(testId ? { testId } : {})} /> : null}
    </>
  );
}

/**
 * A page's data before it is shown: why the load failed, with a retry, or "loading…" until
 * the first answer; nothing once the data is there.
 */
export function LoadStatus({ error, loaded, onRetry, testId }: { error: unknown; loaded: boolean; onRetry(): void; testId?: string }) {
  const { t } = useTranslation();
  if (error) {
    return (
      <div className="notice-row">
        <ApiErrorMessage error={error} {...(testId ? { testId } : {})} />
        <button type="button" className="button" onClick={onRetry}>
          {t('app.retry')}
        </button>
      </div>
    );
  }
  return loaded ? null : <p className="muted">{t('app.loading')}</p>;
}
