import type { Role } from '@kefu/shared/domain/staff/roles';
import type { Staff, StaffPatch } from '@kefu/shared/schemas/staff';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorMessage, FormErrors } from '../../lib/ApiErrorMessage.tsx';
import { fenToYuanInput, formatFen, parseYuanToFen } from '../../lib/money.ts';
import { isScoredStaff } from '@kefu/shared/domain/scoring/catalogue';
import { RoleCheckboxes, RoleTags } from './RoleCheckboxes.tsx';
import { unlockLogin, updateStaff } from './staff.api.ts';
import { formatShopDate } from '../../lib/time.ts';

const COLUMNS = 6;

interface Props {
  staff: Staff;
  /** The supervisor may edit; everyone else sees the row read-only. */
  canEdit: boolean;
  isSelf: boolean;
  onUpdated(staff: Staff, message: string): void;
}

export function StaffRow({ staff, canEdit, isSelf, onUpdated }: Props) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  /** Disabling asks first, with the last day employed (default today in the shop). */
  const [leaving, setLeaving] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function toggleActive() {
    setBusy(true);
    setError(null);
    try {
      const updated = await updateStaff(staff.id, staff.active ? { active: false, ...(leaving ? { employedUntil: leaving } : {}) } : { active: true });
      setLeaving(null);
      onUpdated(updated, t(updated.active ? 'staff.enabled' : 'staff.disabled', { displayName: updated.displayName }));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  async function unlock() {
    setBusy(true);
    setError(null);
    try {
      const addresses = await unlockLogin(staff.id);
      onUpdated(staff, addresses > 0 ? t('staff.unlocked', { displayName: staff.displayName, count: addresses }) : t('staff.notLocked', { displayName: staff.displayName }));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <tr className={staff.active ? undefined : 'row-inactive'} data-testid={`staff-row-${staff.username}`}>
        <td className="mono">{staff.username}</td>
        <td>
          {staff.displayName}
          {isSelf ? <span className="muted">{t('staff.self')}</span> : null}
        </td>
        <td>
          <RoleTags roles={staff.roles} />
        </td>
        <td className="num" data-testid="staff-wage">
          {staff.baseWageFen === undefined ? '—' : formatFen(staff.baseWageFen)}
        </td>
        <td>
          <span className={staff.active ? 'status status-active' : 'status status-inactive'}>
            {staff.active ? t('staff.statusActive') : t('staff.statusInactive')}
          </span>
          <div className="muted small nowrap" data-testid="staff-employment">
            {staff.employedUntil ? t('staff.employedRange', { from: staff.employedFrom, until: staff.employedUntil }) : t('staff.employedSince', { from: staff.employedFrom })}
          </div>
        </td>
        {canEdit ? (
          <td>
            <div className="row-actions">
              <button
                type="button"
                className="button button-small"
                onClick={() => setEditing((v) => !v)}
                aria-expanded={editing}
                data-testid={`staff-edit-${staff.username}`}
              >
                {t('staff.edit')}
              </button>
              <button
                type="button"
                className={staff.active ? 'button button-small button-danger' : 'button button-small'}
                onClick={() => (staff.active ? setLeaving(formatShopDate(new Date())) : void toggleActive())}
                disabled={busy || (isSelf && staff.active)}
                title={isSelf && staff.active ? t('staff.cannotDisableSelf') : undefined}
                data-testid={`staff-toggle-${staff.username}`}
              >
                {staff.active ? t('staff.disable') : t('staff.enable')}
              </button>
              <button type="button" className="button button-small" onClick={() => void unlock()} disabled={busy} title={t('staff.unlockHint')} data-testid={`staff-unlock-${staff.username}`}>
                {t('staff.unlock')}
              </button>
            </div>
          </td>
        ) : null}
      </tr>
      {leaving !== null ? (
        <tr className="row-detail">
          <td colSpan={COLUMNS}>
            <div className="notice notice-warning confirm-box" role="alertdialog" data-testid={`staff-disable-box-${staff.username}`}>
              <p>{t('staff.confirmDisable', { displayName: staff.displayName })}</p>
              <label className="field">
                <span>{t('staff.employedUntil')}</span>
                <input type="date" value={leaving} min={staff.employedFrom} onChange={(e) => setLeaving(e.target.value)} data-testid={`staff-employed-until-${staff.username}`} />
              </label>
              <div className="row-actions">
                <button type="button" className="button button-danger" disabled={busy || !leaving} onClick={() => void toggleActive()} data-testid={`staff-toggle-${staff.username}-confirm`}>
                  {t('staff.disable')}
                </button>
                <button type="button" className="button" onClick={() => setLeaving(null)}>
                  {t('staff.cancel')}
                </button>
              </div>
            </div>
          </td>
        </tr>
      ) : null}
      {error && !editing ? (
        <tr className="row-detail">
          <td colSpan={COLUMNS}>
            <ApiErrorMessage error={error} testId={`staff-row-error-${staff.username}`} />
          </td>
        </tr>
      ) : null}
      {editing ? (
        <tr className="row-detail">
          <td colSpan={COLUMNS}>
            <StaffEditForm
              staff={staff}
              onCancel={() => setEditing(false)}
              onSaved={(updated) => {
                setEditing(false);
                setError(null);
                onUpdated(updated, t('staff.saved', { displayName: updated.displayName }));
              }}
            />
          </td>
        </tr>
      ) : null}
    </>
  );
}

function sameRoles(a: readonly Role[], b: readonly Role[]): boolean {
  return a.length === b.length && a.every((role) => b.includes(role));
}

function StaffEditForm({ staff, onCancel, onSaved }: { staff: Staff; onCancel(): void; onSaved(staff: Staff): void }) {
  const { t } = useTranslation();
  const [displayName, setDisplayName] = useState(staff.displayName);
  const [roles, setRoles] = useState<Role[]>(staff.roles);
  const [wage, setWage] = useState(staff.baseWageFen === undefined ? '' : fenToYuanInput(staff.baseWageFen));
  const [password, setPassword] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [problem, setProblem] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setProblem(null);
    const baseWageFen = parseYuanToFen(wage);
    if (baseWageFen === null) return setProblem(t('staff.wageInvalid'));
    if (roles.length === 0) return setProblem(t('staff.rolesRequired'));
    // Everyone on the scoresheet is paid a base wage (the server refuses 0 too: wage_required).
    if (baseWageFen === 0 && isScoredStaff(roles)) return setProblem(t('staff.wageRequired'));

    // Send only what changed, so the audit log records exactly the supervisor's edit.
    const patch: StaffPatch = {};
    if (displayName.trim() !== staff.displayName) patch.displayName = displayName.trim();
    if (!sameRoles(roles, staff.roles)) patch.roles = roles;
    if (baseWageFen !== staff.baseWageFen) patch.baseWageFen = baseWageFen;
    if (password !== '') patch.password = password;
    if (Object.keys(patch).length === 0) return onCancel();

    setSaving(true);
    try {
      onSaved(await updateStaff(staff.id, patch));
    } catch (caught) {
      setError(caught);
      setSaving(false);
    }
  }

  const prefix = `edit-staff-${staff.username}`;
  return (
    <form className="staff-edit" onSubmit={onSubmit} data-testid={prefix}>
      <FormErrors problem={problem} error={error} testId={`${prefix}-error`} />
      <div className="form-grid">
        <label className="field">
          <span>{t('staff.displayName')}</span>
          <input required value={displayName} onChange={(e) => setDisplayName(e.target.value)} data-testid={`${prefix}-display-name`} />
        </label>
        <label className="field">
          <span>{t('staff.baseWage')}</span>
          <input required inputMode="decimal" value={wage} onChange={(e) => setWage(e.target.value)} data-testid={`${prefix}-wage`} />
        </label>
        <label className="field">
          <span>{t('staff.newPassword')}</span>
          <input
            type="password"
            minLength={8}
            autoComplete="new-password"
            placeholder={t('staff.newPasswordHint')}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            data-testid={`${prefix}-password`}
          />
        </label>
      </div>
      <fieldset className="field">
        <legend>{t('staff.roles')}</legend>
        <RoleCheckboxes value={roles} onChange={setRoles} testIdPrefix={`${prefix}-role`} />
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={saving} data-testid={`${prefix}-save`}>
          {saving ? t('staff.saving') : t('staff.save')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('staff.cancel')}
        </button>
      </div>
    </form>
  );
}
