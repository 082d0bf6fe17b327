import type { Role } from '@kefu/shared/domain/staff/roles';
import type { Staff } from '@kefu/shared/schemas/staff';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormErrors } from '../../lib/ApiErrorMessage.tsx';
import { parseYuanToFen } from '../../lib/money.ts';
import { isScoredStaff } from '@kefu/shared/domain/scoring/catalogue';
import { RoleCheckboxes } from './RoleCheckboxes.tsx';
import { createStaff } from './staff.api.ts';

const EMPTY = { username: '', displayName: '', password: '', wage: '', employedFrom: '', roles: [] as Role[] };

/** The supervisor's form for a new account; the server validates every field again. */
export function StaffCreateForm({ onCreated }: { onCreated(staff: Staff): void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState(EMPTY);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [problem, setProblem] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setProblem(null);
    const baseWageFen = parseYuanToFen(form.wage);
    if (baseWageFen === null) return setProblem(t('staff.wageInvalid'));
    if (form.roles.length === 0) return setProblem(t('staff.rolesRequired'));
    // Everyone on the scoresheet is paid a base wage (the server refuses 0 too: wage_required).
    if (baseWageFen === 0 && isScoredStaff(form.roles)) return setProblem(t('staff.wageRequired'));
    setSubmitting(true);
    try {
      const created = await createStaff({
        username: form.username.trim(),
        displayName: form.displayName.trim(),
        password: form.password,
        roles: form.roles,
        baseWageFen,
        // Empty: the server takes today (a team moving in enters its people's real start dates).
        ...(form.employedFrom ? { employedFrom: form.employedFrom } : {}),
      });
      setForm(EMPTY);
      onCreated(created);
    } catch (caught) {
      setError(caught);
    } finally {
      setSubmitting(false);
    }
  }

  const set = (field: 'username' | 'displayName' | 'password' | 'wage' | 'employedFrom') => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [field]: e.target.value }));

  return (
    <form className="panel staff-create" onSubmit={onSubmit} aria-labelledby="staff-create-title" data-testid="staff-create-form">
      <h2 id="staff-create-title">{t('staff.createTitle')}</h2>
      <FormErrors problem={problem} error={error} testId="staff-create-error" />
      <div className="form-grid">
        <label className="field">
          <span>{t('staff.username')}</span>
          <input required autoComplete="off" value={form.username} onChange={set('username')} data-testid="new-staff-username" />
        </label>
        <label className="field">
          <span>{t('staff.displayName')}</span>
          <input
            required
            value={form.displayName}
            onChange={set('displayName')}
            placeholder={t('staff.displayNameHint')}
            data-testid="new-staff-display-name"
          />
        </label>
        <label className="field">
          <span>{t('staff.password')}</span>
          <input
            required
            type="password"
            minLength={8}
            autoComplete="new-password"
            value={form.password}
            onChange={set('password')}
            data-testid="new-staff-password"
          />
        </label>
        <label className="field">
          <span>{t('staff.baseWage')}</span>
          <input
            required
            inputMode="decimal"
            placeholder="3500.00"
            value={form.wage}
            onChange={set('wage')}
            data-testid="new-staff-wage"
          />
        </label>
        <label className="field">
          <span>{t('staff.employedFrom')}</span>
          <input type="date" value={form.employedFrom} onChange={set('employedFrom')} data-testid="new-staff-employed-from" />
          <span className="muted small">{t('staff.employedFromHint')}</span>
        </label>
      </div>
      <fieldset className="field">
        <legend>{t('staff.roles')}</legend>
        <RoleCheckboxes value={form.roles} onChange={(roles) => setForm((f) => ({ ...f, roles }))} testIdPrefix="new-staff-role" />
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={submitting} data-testid="new-staff-submit">
          {submitting ? t('staff.creating') : t('staff.create')}
        </button>
      </div>
    </form>
  );
}
