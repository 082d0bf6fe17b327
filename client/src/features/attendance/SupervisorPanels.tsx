import type { Board, Correction, Permission } from '@kefu/shared/schemas/attendance';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorMessage } from '../../lib/ApiErrorMessage.tsx';
import { useRefetchOn } from '../../lib/socket-refetch.ts';
import { formatShopDateTime } from '../../lib/time.ts';
import { decideCorrection, decidePermission, getBoard, pendingCorrections, pendingPermissions } from './attendance.api.ts';

/** The supervisor's part: who should be online now against who is (live), and the requests to decide. */
export function SupervisorPanels() {
  const { t } = useTranslation();
  const [board, setBoard] = useState<Board | null>(null);
  const [permissions, setPermissions] = useState<Permission[]>([]);
  const [corrections, setCorrections] = useState<Correction[]>([]);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(() => {
    Promise.all([getBoard(), pendingPermissions(), pendingCorrections()]).then(([b, p, c]) => {
      setBoard(b);
      setPermissions(p);
      setCorrections(c);
    }, setError);
  }, []);
  useEffect(() => {
    load();
    // Shifts begin and end on the minute: look again every minute.
    const timer = setInterval(load, 60_000);
    return () => clearInterval(timer);
  }, [load]);
  useRefetchOn('attendance:changed', () => true, load);
  useRefetchOn('presence:changed', () => true, load);

  async function decide(action: () => Promise<unknown>) {
    setError(null);
    try {
      await action();
      load();
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <>
      {error ? <ApiErrorMessage error={error} /> : null}
      <div className="panel" data-testid="pending-permissions">
        <h2>{t('attendance.pendingPermissions', { count: permissions.length })}</h2>
        {permissions.length === 0 ? <p className="muted">{t('attendance.nothingPending')}</p> : null}
        <ul className="plain-list">
          {permissions.map((p) => (
            <li key={p.id} data-testid={`permission-${p.id}`}>
              <strong>{p.staffName}</strong> {t(`chat.presence.${p.status}`)} {formatShopDateTime(p.from)}–{formatShopDateTime(p.until).slice(-5)} <span className="muted">{p.reason}</span>
              <span className="row-actions">
                <button type="button" className="button button-small button-primary" onClick={() => void decide(() => decidePermission(p.id, true, p.version))} data-testid="grant">
                  {t('attendance.grant')}
                </button>
                <button type="button" className="button button-small" onClick={() => void decide(() => decidePermission(p.id, false, p.version))} data-testid="refuse">
                  {t('attendance.refuse')}
                </button>
              </span>
            </li>
          ))}
        </ul>
      </div>
      <div className="panel" data-testid="pending-corrections">
        <h2>{t('attendance.pendingCorrections', { count: corrections.length })}</h2>
        {corrections.length === 0 ? <p className="muted">{t('attendance.nothingPending')}</p> : null}
        <ul className="plain-list">
          {corrections.map((c) => (
            <li key={c.id} data-testid={`correction-${c.id}`}>
              <strong>{c.staffName}</strong> {c.day} {t(`attendance.kind.${c.kind}`)} {formatShopDateTime(c.claimedAt).slice(-5)} <span className="muted">{c.reason}</span>
              <span className="row-actions">
                <button type="button" className="button button-small button-primary" onClick={() => void decide(() => decideCorrection(c.id, true, c.version))} data-testid="approve">
                  {t('attendance.approve')}
                </button>
                <button type="button" className="button button-small" onClick={() => void decide(() => decideCorrection(c.id, false, c.version))} data-testid="refuse">
                  {t('attendance.refuse')}
                </button>
              </span>
            </li>
          ))}
        </ul>
      </div>
      {board ? (
        <div className="panel" data-testid="attendance-board">
          <h2>{t('attendance.boardTitle')}</h2>
          {!board.rosterPublished ? <p className="muted">{t('attendance.noRoster')}</p> : null}
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th>{t('attendance.person')}</th>
                  <th>{t('attendance.shouldBe')}</th>
                  <th>{t('attendance.is')}</th>
                  <th>{t('attendance.clock')}</th>
                </tr>
              </thead>
              <tbody>
                {board.rows.map((row) => (
                  <tr key={row.staffId} className={row.mismatch ? 'row-warning' : undefined} data-testid={`board-${row.staffId}`}>
                    <td>{row.displayName}</td>
                    <td>{row.onShift ? row.shiftName : t('attendance.offShift')}</td>
                    <td>
                      {row.roles.includes('printer') && !row.roles.includes('presale') && !row.roles.includes('aftersale') ? '—' : t(`chat.presence.${row.status}`)}
                      {row.permitted ? <span className="tag tag-success">{t('attendance.permitted')}</span> : null}
                      {row.mismatch ? <span className="tag tag-danger">{t('attendance.mismatch')}</span> : null}
                    </td>
                    <td>{row.clockedIn ? t('attendance.clockedInShort') : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}
    </>
  );
}
