import type { MyAttendance } from '@kefu/shared/schemas/attendance';
import { hasAnyRole } from '@kefu/shared/domain/staff/roles';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorMessage } from '../../lib/ApiErrorMessage.tsx';
import { Notice } from '../../lib/PageHeader.tsx';
import { useRefetchOn } from '../../lib/socket-refetch.ts';
import { formatShopDateTime } from '../../lib/time.ts';
import { useSessionUser } from '../auth/auth.context.tsx';
import { clock, getMine } from './attendance.api.ts';
import { MyShifts } from './MyShifts.tsx';
import { PermissionPanel } from './PermissionPanel.tsx';
import { SupervisorPanels } from './SupervisorPanels.tsx';

/** /console/attendance — 考勤: clock in and out, my shifts and corrections (签卡), presence permissions; the supervisor decides and watches the board. */
export function AttendancePage() {
  const { t } = useTranslation();
  const user = useSessionUser();
  const [mine, setMine] = useState<MyAttendance | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    getMine().then(setMine, setError);
  }, []);
  useEffect(load, [load]);
  useRefetchOn('attendance:changed', (e) => e.staffId === user.id, load);

  async function onClock(kind: 'in' | 'out') {
    setBusy(true);
    setError(null);
    try {
      const event = await clock(kind);
      setNotice(t(kind === 'in' ? 'attendance.clockedIn' : 'attendance.clockedOut', { time: formatShopDateTime(event.at), ip: event.ip }));
      load();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  const last = mine?.lastClock ?? null;
  return (
    <section className="attendance-page" data-testid="attendance-page">
      <div className="page-title-row">
        <h1>{t('attendance.title')}</h1>
      </div>
      {notice ? <Notice testId="attendance-notice">{notice}</Notice> : null}
      {error ? <ApiErrorMessage error={error} /> : null}
      <div className="panel clock-panel" data-testid="clock-panel">
        <div className="clock-buttons">
          <button type="button" className="button button-primary" disabled={busy} onClick={() => void onClock('in')} data-testid="clock-in">
            {t('attendance.clockIn')}
          </button>
          <button type="button" className="button" disabled={busy} onClick={() => void onClock('out')} data-testid="clock-out">
            {t('attendance.clockOut')}
          </button>
        </div>
        <p className="muted" data-testid="last-clock">
          {last ? t(last.kind === 'in' ? 'attendance.lastIn' : 'attendance.lastOut', { time: formatShopDateTime(last.at), ip: last.ip }) : t('attendance.noClock')}
        </p>
      </div>
      {hasAnyRole(user.roles, ['supervisor']) ? <SupervisorPanels /> : null}
      {hasAnyRole(user.roles, ['presale', 'aftersale']) && mine ? <PermissionPanel permissions={mine.permissions} onChanged={load} /> : null}
      {mine ? <MyShifts mine={mine} onChanged={load} /> : null}
    </section>
  );
}
