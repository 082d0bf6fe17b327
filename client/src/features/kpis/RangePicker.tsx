import { useTranslation } from 'react-i18next';
import { lastDays } from './kpis.format.ts';

/** From/to shop days with quick choices (7, 30, 90 days up to today). */
export function RangePicker({ from, to, today, onChange }: { from: string; to: string; today: string; onChange(range: { from: string; to: string }): void }) {
  const { t } = useTranslation();
  return (
    <div className="kpi-range" data-testid="kpi-range">
      {[7, 30, 90].map((days) => {
        const preset = lastDays(today, days);
        const active = preset.from === from && preset.to === to;
        return (
          <button key={days} type="button" className={active ? 'button button-small button-primary' : 'button button-small'} aria-pressed={active} onClick={() => onChange(preset)} data-testid={`kpi-last-${days}`}>
            {t('kpis.lastDays', { count: days })}
          </button>
        );
      })}
      <label>
        {t('kpis.from')}
        <input type="date" value={from} max={to} onChange={(e) => e.target.value && onChange({ from: e.target.value, to })} data-testid="kpi-from" />
      </label>
      <label>
        {t('kpis.to')}
        <input type="date" value={to} min={from} onChange={(e) => e.target.value && onChange({ from, to: e.target.value })} data-testid="kpi-to" />
      </label>
    </div>
  );
}
