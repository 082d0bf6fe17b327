import type { ShiftTemplateView } from '@kefu/shared/schemas/roster';
import { parseSegments } from '@kefu/shared/domain/roster/shifts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorMessage, LoadStatus } from '../../lib/ApiErrorMessage.tsx';
import { Notice } from '../../lib/PageHeader.tsx';
import { formatShopDate } from '../../lib/time.ts';
import { addHoliday, getHolidays, getTemplates, removeHoliday, updateTemplate } from './roster.api.ts';
import { useRosterData } from './useRosterData.ts';

/** The supervisor's shift templates (segments in the shop's wall clock) and holiday calendar. */
export function SettingsPanel() {
  const { t } = useTranslation();
  const [year, setYear] = useState(() => formatShopDate(new Date()).slice(0, 4));
  const templates = useRosterData(() => getTemplates(), null, []);
  const holidays = useRosterData(() => getHolidays(year), null, [year]);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [holiday, setHoliday] = useState({ day: '', name: '' });

  async function run(action: () => Promise<unknown>, done: string) {
    setError(null);
    try {
      await action();
      setNotice(done);
    } catch (cause) {
      setError(cause);
    }
    templates.reload();
    holidays.reload();
  }

  function onHoliday(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void run(() => addHoliday(holiday.day, holiday.name.trim()), t('roster.settings.holidayAdded', { day: holiday.day }));
  }

  return (
    <>
      {notice ? <Notice testId="settings-notice">{notice}</Notice> : null}
      {error ? <ApiErrorMessage error={error} testId="settings-error" /> : null}
      <section className="panel">
        <h2>{t('roster.settings.templates')}</h2>
        <p className="muted">{t('roster.settings.templatesHint')}</p>
        <LoadStatus error={templates.error} loaded={templates.data !== null} onRetry={templates.reload} />
        {templates.data?.map((tpl) => (
          <TemplateForm key={`${tpl.id}|${tpl.version}`} template={tpl} onSave={(input) => void run(() => updateTemplate(tpl.id, input), t('roster.settings.saved'))} />
        ))}
      </section>
      <section className="panel" data-testid="holidays">
        <h2>{t('roster.settings.holidays')}</h2>
        <div className="month-picker">
          <button type="button" className="button button-small" onClick={() => setYear(String(Number(year) - 1))}>
            ‹
          </button>
          <strong>{year}</strong>
          <button type="button" className="button button-small" onClick={() => setYear(String(Number(year) + 1))}>
            ›
          </button>
        </div>
        <form className="form-grid" onSubmit={onHoliday} data-testid="holiday-form">
          <label className="field">
            <span>{t('roster.settings.day')}</span>
            <input type="date" required value={holiday.day} onChange={(e) => setHoliday({ ...holiday, day: e.target.value })} data-testid="holiday-day" />
          </label>
          <label className="field">
            <span>{t('roster.settings.name')}</span>
            <input required maxLength={60} value={holiday.name} onChange={(e) => setHoliday({ ...holiday, name: e.target.value })} data-testid="holiday-name" />
          </label>
          <div className="form-actions">
            <button type="submit" className="button button-primary" data-testid="holiday-submit">
              {t('roster.settings.addHoliday')}
            </button>
          </div>
        </form>
        {holidays.data?.length === 0 ? <p className="muted">{t('roster.settings.noHolidays')}</p> : null}
        <ul className="roster-requests">
          {holidays.data?.map((h) => (
            <li key={h.day}>
              {h.day} {h.name}{' '}
              <button type="button" className="button button-small" onClick={() => void run(() => removeHoliday(h.day), t('roster.settings.holidayRemoved', { day: h.day }))}>
                {t('roster.settings.remove')}
              </button>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

function TemplateForm({ template, onSave }: { template: ShiftTemplateView; onSave(input: { version: number; nameZh: string; nameEn: string; segments: ShiftTemplateView['segments'] }): void }) {
  const { t } = useTranslation();
  const [nameZh, setNameZh] = useState(template.nameZh);
  const [nameEn, setNameEn] = useState(template.nameEn);
  const [segments, setSegments] = useState(template.segments.map((s) => `${s.start}-${s.end}`).join(', '));

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onSave({ version: template.version, nameZh: nameZh.trim(), nameEn: nameEn.trim(), segments: parseSegments(segments.replace(/\s+/g, '')) });
  }

  return (
    <form className="form-grid roster-template" onSubmit={onSubmit} data-testid={`template-${template.code}`}>
      <label className="field">
        <span>{t('roster.settings.nameZh')}</span>
        <input required maxLength={40} value={nameZh} onChange={(e) => setNameZh(e.target.value)} />
      </label>
      <label className="field">
        <span>{t('roster.settings.nameEn')}</span>
        <input required maxLength={40} value={nameEn} onChange={(e) => setNameEn(e.target.value)} />
      </label>
      <label className="field">
        <span>{t('roster.settings.segments')}</span>
        <input required className="mono" value={segments} onChange={(e) => setSegments(e.target.value)} placeholder="09:00-11:30, 12:30-18:30" />
      </label>
      <div className="form-actions">
        <button type="submit" className="button">
          {t('roster.settings.save')}
        </button>
      </div>
    </form>
  );
}
