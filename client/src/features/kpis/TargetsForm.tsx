import type { KpiSettings } from '@kefu/shared/schemas/kpis';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorMessage } from '../../lib/ApiErrorMessage.tsx';
import { saveKpiSettings } from './kpis.api.ts';

type Field = keyof KpiSettings['targets'];
type Kind = 'seconds' | 'percent' | 'ratio' | 'count' | 'hours';
const FIELDS: Array<[Field, Kind]> = [
  ['firstResponseAvgS', 'seconds'],
  ['responseAvgS', 'seconds'],
  ['quickRate', 'percent'],
  ['answerRatio', 'ratio'],
  ['conversion', 'percent'],
  ['satisfiedRate', 'percent'],
  ['complaintsVerified', 'count'],
  // Stored in seconds like the other times; complaints take hours, so the form speaks hours.
  ['complaintHandlingAvgS', 'hours'],
];
const HINTS = { seconds: 'kpis.targets.secondsHint', percent: 'kpis.targets.percentHint', ratio: 'kpis.targets.ratioHint', count: 'kpis.targets.countHint', hours: 'kpis.targets.hoursHint' } as const satisfies Record<Kind, string>;
const hhmm = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
const minutes = (value: string) => {
  const [h, m] = value.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** The supervisor sets the targets (empty: none) and the shop's service hours. */
export function TargetsForm({ settings, onSaved }: { settings: KpiSettings; onSaved(settings: KpiSettings): void }) {
  const { t } = useTranslation();
  const [values, setValues] = useState<Record<Field, string>>(() => {
    const shown = {} as Record<Field, string>;
    for (const [name, kind] of FIELDS) {
      const v = settings.targets[name];
      shown[name] = v === undefined ? '' : kind === 'percent' ? String(Math.round(v * 1000) / 10) : kind === 'hours' ? String(Math.round((v / 3600) * 10) / 10) : String(v);
    }
    return shown;
  });
  const [start, setStart] = useState(hhmm(settings.serviceHours.startMinute));
  // 24:00 is the end of the day; a time field shows it as 00:00.
  const [end, setEnd] = useState(hhmm(settings.serviceHours.endMinute % 1440));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const targets: KpiSettings['targets'] = {};
    for (const [name, kind] of FIELDS) {
      const raw = values[name].trim();
      if (raw === '') continue;
      const n = Number(raw);
      targets[name] = kind === 'percent' ? n / 100 : kind === 'hours' ? Math.round(n * 3600) : n;
    }
    const endMinute = minutes(end) === 0 ? 1440 : minutes(end);
    setBusy(true);
    setError(null);
    try {
      onSaved(await saveKpiSettings({ targets, serviceHours: { startMinute: minutes(start), endMinute } }));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="panel kpi-targets" onSubmit={submit} data-testid="kpi-targets-form">
      <h2>{t('kpis.targets.title')}</h2>
      <div className="kpi-targets-grid">
        {FIELDS.map(([name, kind]) => (
          <label key={name}>
            {t(`kpis.figures.${name}`)}
            <input inputMode="decimal" value={values[name]} onChange={(e) => setValues({ ...values, [name]: e.target.value })} data-testid={`target-${name}`} />
            <small className="muted">{t(HINTS[kind])}</small>
          </label>
        ))}
        <label>
          {t('kpis.targets.serviceStart')}
          <input type="time" value={start} onChange={(e) => setStart(e.target.value)} />
        </label>
        <label>
          {t('kpis.targets.serviceEnd')}
          <input type="time" value={end} onChange={(e) => setEnd(e.target.value)} />
        </label>
      </div>
      {error ? <ApiErrorMessage error={error} /> : null}
      <button type="submit" className="button button-primary" disabled={busy} data-testid="kpi-targets-save">
        {t('kpis.targets.save')}
      </button>
    </form>
  );
}
