import { nextMonth, previousMonth } from '@kefu/shared/domain/scoring/month';
import { useTranslation } from 'react-i18next';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function isMonth(value: string | null | undefined): value is string {
  return typeof value === 'string' && MONTH.test(value);
}

/** YYYY-MM with a step back and forth; the months are the shop zone's calendar months. */
export function MonthPicker({ month, current, onChange }: { month: string; current: string; onChange(month: string): void }) {
  const { t } = useTranslation();
  return (
    <div className="month-picker no-print">
      <button type="button" className="button button-small" onClick={() => onChange(previousMonth(month))} aria-label={t('scoring.previousMonth')} data-testid="month-previous">
        ‹
      </button>
      <label>
        <span className="visually-hidden">{t('scoring.month')}</span>
        <input
          type="month"
          value={month}
          max={current}
          onChange={(e) => isMonth(e.target.value) && e.target.value <= current && onChange(e.target.value)}
          data-testid="month-input"
        />
      </label>
      <button
        type="button"
        className="button button-small"
        onClick={() => onChange(nextMonth(month))}
        disabled={month >= current}
        aria-label={t('scoring.nextMonth')}
        data-testid="month-next"
      >
        ›
      </button>
      {month !== current ? (
        <button type="button" className="button button-small" onClick={() => onChange(current)} data-testid="month-current">
          {t('scoring.thisMonth')}
        </button>
      ) : null}
    </div>
  );
}
