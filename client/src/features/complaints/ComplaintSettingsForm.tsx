import { COMPLAINT_SEVERITIES } from '@kefu/shared/domain/complaints/complaints';
import type { ComplaintSettings } from '@kefu/shared/schemas/complaints';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormErrors } from '../../lib/ApiErrorMessage.tsx';
import { getComplaintSettings, saveComplaintSettings } from './complaints.api.ts';

/** The supervisor's deadline hours by severity (from registration); they apply to complaints registered afterwards. */
export function ComplaintSettingsForm({ onSaved }: { onSaved(): void }) {
  const { t } = useTranslation();
  const [settings, setSettings] = useState<ComplaintSettings | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    getComplaintSettings().then(setSettings, setError);
  }, []);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!settings) return;
    setError(null);
    try {
      setSettings(await saveComplaintSettings(settings));
      onSaved();
    } catch (caught) {
      setError(caught);
    }
  }

  if (!settings) return <FormErrors problem={null} error={error} />;
  return (
    <form className="panel inline-form dispute-settings" onSubmit={onSubmit} aria-labelledby="complaint-settings-title" data-testid="complaint-settings">
      <h2 id="complaint-settings-title" className="small-title">
        {t('complaints.settings.title')}
      </h2>
      {[...COMPLAINT_SEVERITIES].reverse().map((severity) => (
        <label key={severity} className="field field-inline">
          <span>{t(`complaints.severities.${severity}`)}</span>
          <input type="number" min={1} max={720} value={settings[severity]} onChange={(e) => setSettings({ ...settings, [severity]: Number(e.target.value) })} data-testid={`complaint-hours-${severity}`} />
        </label>
      ))}
      <button type="submit" className="button button-small" data-testid="complaint-settings-save">
        {t('complaints.settings.save')}
      </button>
      <FormErrors problem={null} error={error} />
    </form>
  );
}
