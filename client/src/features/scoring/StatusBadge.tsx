import { useTranslation } from 'react-i18next';
import type { ScoresheetStatus } from './scoring.types.ts';

export function StatusBadge({ status, testId }: { status: ScoresheetStatus; testId?: string }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge-${status}`} data-testid={testId} data-status={status}>
      {t(`scoring.status.${status}`)}
    </span>
  );
}
