import type { Staff } from '@kefu/shared/schemas/staff';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadStatus } from '../../lib/ApiErrorMessage.tsx';
import { useAuth, useSessionUser } from '../auth/auth.context.tsx';
import { StaffCreateForm } from './StaffCreateForm.tsx';
import { StaffRow } from './StaffRow.tsx';
import { listStaff } from './staff.api.ts';
import { Notice } from '../../lib/PageHeader.tsx';

/** Everyone with the section sees the list; only the supervisor creates and edits. */
export function StaffPage() {
  const { t } = useTranslation();
  const user = useSessionUser();
  const { refreshUser } = useAuth();
  const canEdit = user.roles.includes('supervisor');
  const [staff, setStaff] = useState<Staff[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(() => {
    setLoadError(null);
    listStaff().then(setStaff, setLoadError);
  }, []);
  useEffect(load, [load]);

  function replace(updated: Staff) {
    setStaff((list) => (list ?? []).map((s) => (s.id === updated.id ? updated : s)));
  }

  return (
    <div className="page staff-page">
      <h1>{t('staff.title')}</h1>
      {notice ? (
        <Notice testId="staff-notice">
          {notice}
        </Notice>
      ) : null}
      {canEdit ? (
        <StaffCreateForm
          onCreated={(created) => {
            setStaff((list) => [...(list ?? []), created]);
            setNotice(t('staff.created', { username: created.username, displayName: created.displayName }));
          }}
        />
      ) : (
        <p className="muted" data-testid="staff-read-only">
          {t('staff.readOnlyHint')}
        </p>
      )}
      <section className="panel">
        <h2>{t('staff.listTitle')}</h2>
        <LoadStatus error={loadError} loaded={staff !== null} onRetry={load} testId="staff-load-error" />
        {staff !== null ? (
          <div className="table-scroll" tabIndex={0} role="region" aria-label={t('app.scrollTable')}>
            <table className="table" data-testid="staff-table">
              <thead>
                <tr>
                  <th>{t('staff.username')}</th>
                  <th>{t('staff.displayName')}</th>
                  <th>{t('staff.roles')}</th>
                  <th className="num">{t('staff.baseWage')}</th>
                  <th>{t('staff.active')}</th>
                  {canEdit ? <th>{t('staff.actions')}</th> : null}
                </tr>
              </thead>
              <tbody>
                {staff.length === 0 ? (
                  <tr>
                    <td colSpan={canEdit ? 6 : 5} className="muted">
                      {t('staff.empty')}
                    </td>
                  </tr>
                ) : null}
                {staff.map((member) => (
                  <StaffRow
                    key={member.id}
                    staff={member}
                    canEdit={canEdit}
                    isSelf={member.id === user.id}
                    onUpdated={(updated, message) => {
                      replace(updated);
                      setNotice(message);
                      // The header shows the signed-in user's name and roles.
                      if (updated.id === user.id) void refreshUser().catch(() => undefined);
                    }}
                  />
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </div>
  );
}
