import type { Permission } from '@kefu/shared/schemas/attendance';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorMessage } from '../../lib/ApiErrorMessage.tsx';
import { formatShopDateTime, shopDateTimeInput, shopWallTimeToIso } from '../../lib/time.ts';
import { askPermission, withdrawPermission } from './attendance.api.ts';

const STATE_TAG: Record<Permission['state'], string> = { pending: 'tag-warning', granted: 'tag-success', refused: 'tag-danger', withdrawn: '' };

/** An agent asks permission to go offline or invisible for a while during a shift; the supervisor decides live. */
export function PermissionPanel({ permissions, onChanged }: { permissions: Permission[]; onChanged(): void }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<'invisible' | 'offline'>('invisible');
  const [from, setFrom] = useState(() => shopDateTimeInput(new Date()));
  const [until, setUntil] = useState(() => shopDateTimeInput(new Date(Date.now() + 30 * 60_000)));
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      await askPermission({ status, from: shopWallTimeToIso(from) ?? from, until: shopWallTimeToIso(until) ?? until, reason });
      setReason('');
      onChanged();
    } catch (caught) {
      setError(caught);
    }
  }
  async function withdraw(p: Permission) {
    setError(null);
    try {
      await withdrawPermission(p.id, p.version);
      onChanged();
    } catch (caught) {
      setError(caught);
    }
  }
  return (
    <div className="panel" data-testid="permission-panel">
      <h2>{t('attendance.permissionTitle')}</h2>
      <p className="muted">{t('attendance.permissionHint')}</p>
      <form onSubmit={(e) => void submit(e)} data-testid="permission-form">
        <div className="form-grid">
          <label className="field">
            <span>{t('attendance.permissionStatus')}</span>
            <select value={status} onChange={(e) => setStatus(e.target.value as 'invisible' | 'offline')} data-testid="permission-status">
              <option value="invisible">{t('chat.presence.invisible')}</option>
              <option value="offline">{t('chat.presence.offline')}</option>
            </select>
          </label>
          <label className="field">
            <span>{t('attendance.from')}</span>
            <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} required />
          </label>
          <label className="field">
            <span>{t('attendance.until')}</span>
            <input type="datetime-local" value={until} onChange={(e) => setUntil(e.target.value)} required />
          </label>
          <label className="field">
            <span>{t('attendance.reason')}</span>
            <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} required data-testid="permission-reason" />
          </label>
        </div>
        {error ? <ApiErrorMessage error={error} /> : null}
        <div className="form-actions">
          <button type="submit" className="button button-primary" data-testid="permission-submit">
            {t('attendance.askPermission')}
          </button>
        </div>
      </form>
      {permissions.length ? (
        <ul className="plain-list" data-testid="my-permissions">
          {permissions.slice(0, 10).map((p) => (
            <li key={p.id} data-testid={`my-permission-${p.id}`}>
              <span className={`tag ${STATE_TAG[p.state]}`} data-testid="permission-state">
                {t(`attendance.state.${p.state}`)}
              </span>{' '}
              {t(`chat.presence.${p.status}`)} {formatShopDateTime(p.from)}–{formatShopDateTime(p.until).slice(-5)} <span className="muted">{p.reason}</span>
              {p.state === 'pending' ? (
                <button type="button" className="button button-small button-ghost" onClick={() => void withdraw(p)}>
                  {t('attendance.withdraw')}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
