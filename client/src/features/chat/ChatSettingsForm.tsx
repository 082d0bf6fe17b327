import type { ChatSettings } from '@kefu/shared/schemas/chat';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormErrors } from '../../lib/ApiErrorMessage.tsx';
import { chatSettings, updateChatSettings } from './chat.api.ts';
import { Notice } from '../../lib/PageHeader.tsx';

/** The supervisor's chat settings: chats per agent (a raise drains the queue) and the G09 limit. */
export function ChatSettingsForm() {
  const { t } = useTranslation();
  const [settings, setSettings] = useState<ChatSettings | null>(null);
  const [capacity, setCapacity] = useState('');
  const [minutes, setMinutes] = useState('');
  const [handOver, setHandOver] = useState('');
  const [waitAlert, setWaitAlert] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    chatSettings().then((loaded) => {
      setSettings(loaded);
      setCapacity(String(loaded.capacity));
      setMinutes(String(loaded.closeAfterConfirmMinutes));
      setHandOver(String(loaded.handOverAfterSeconds));
      setWaitAlert(String(loaded.waitAlertMinutes));
    }, setError);
  }, []);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setProblem(null);
    setNotice(null);
    const c = Number(capacity);
    const m = Number(minutes);
    const h = Number(handOver);
    const w = Number(waitAlert);
    if (![c, m, h, w].every((n) => Number.isInteger(n) && n >= 1)) return setProblem(t('chat.settings.invalid'));
    setSaving(true);
    try {
      const saved = await updateChatSettings({ capacity: c, closeAfterConfirmMinutes: m, handOverAfterSeconds: h, waitAlertMinutes: w });
      setSettings(saved);
      setNotice(t('chat.settings.saved'));
    } catch (caught) {
      setError(caught);
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="panel chat-settings" onSubmit={onSubmit} data-testid="chat-settings">
      <h1>{t('chat.settings.title')}</h1>
      {notice ? (
        <Notice>
          {notice}
        </Notice>
      ) : null}
      <FormErrors problem={problem} error={error} />
      {settings === null && !error ? <p className="muted">{t('app.loading')}</p> : null}
      {settings ? (
        <>
          <label className="field">
            <span>{t('chat.settings.capacity')}</span>
            <input type="number" min={1} max={100} required value={capacity} onChange={(e) => setCapacity(e.target.value)} data-testid="settings-capacity" />
          </label>
          <label className="field">
            <span>{t('chat.settings.closeAfterConfirm')}</span>
            <input type="number" min={1} max={1440} required value={minutes} onChange={(e) => setMinutes(e.target.value)} data-testid="settings-close-minutes" />
          </label>
          <label className="field">
            <span>{t('chat.settings.handOverAfter')}</span>
            <input type="number" min={1} max={3600} required value={handOver} onChange={(e) => setHandOver(e.target.value)} data-testid="settings-hand-over" />
          </label>
          <label className="field">
            <span>{t('chat.settings.waitAlert')}</span>
            <input type="number" min={1} max={60} required value={waitAlert} onChange={(e) => setWaitAlert(e.target.value)} data-testid="settings-wait-alert" />
          </label>
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={saving} data-testid="settings-save">
              {saving ? t('chat.settings.saving') : t('chat.settings.save')}
            </button>
          </div>
        </>
      ) : null}
    </form>
  );
}
