import type { DisputeSettings } from '@kefu/shared/schemas/disputes';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormErrors } from '../../lib/ApiErrorMessage.tsx';
import { getSettings, saveSettings } from './disputes.api.ts';

/** The supervisor's default deadlines (hours from entry) for a refund and a dispute entered without one. */
export function DisputeSettingsForm({ onSaved }: { onSaved(): void }) {
  const { t } = useTranslation();
  const [settings, setSettings] = useState<DisputeSettings | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    getSettings().then(setSettings, setError);
  }, []);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!settings) return;
    setError(null);
    try {
      setSettings(await saveSettings(settings));
      onSaved();
    } catch (caught) {
      setError(caught);
    }
  }

  if (!settings) return <FormErrors problem={null} error={error} />;
  return (
    <form className="panel inline-form dispute-settings" onSubmit={onSubmit} aria-label={t('disputes.settings.title')}>
      <h2 className="small-title">{t('disputes.settings.title')}</h2>
      <label className="field field-inline">
        <span>{t('disputes.settings.refundHours')}</span>
        <input type="number" min={1} max={720} value={settings.refundHours} onChange={(e) => setSettings({ ...settings, refundHours: Number(e.target.value) })} />
      </label>
      <label className="field field-inline">
        <span>{t('disputes.settings.disputeHours')}</span>
        <input type="number" min={1} max={720} value={settings.disputeHours} onChange={(e) => setSettings({ ...settings, disputeHours: Number(e.target.value) })} />
      </label>
      <button type="submit" className="button button-small">
        {t('disputes.settings.save')}
      </button>
      <FormErrors problem={null} error={error} />
    </form>
  );
}
