import { ROLES, type Role } from '@kefu/shared/domain/staff/roles';
import { useTranslation } from 'react-i18next';

/** One checkbox per role, in the fixed order of ROLES; `testIdPrefix-<role>` on each box. */
export function RoleCheckboxes({
  value,
  onChange,
  testIdPrefix,
}: {
  value: readonly Role[];
  onChange(roles: Role[]): void;
  testIdPrefix: string;
}) {
  const { t } = useTranslation();
  function toggle(role: Role, checked: boolean) {
    onChange(ROLES.filter((r) => (r === role ? checked : value.includes(r))));
  }
  return (
    <div className="role-checkboxes">
      {ROLES.map((role) => (
        <label key={role} className="checkbox">
          <input
            type="checkbox"
            checked={value.includes(role)}
            onChange={(e) => toggle(role, e.target.checked)}
            data-testid={`${testIdPrefix}-${role}`}
          />
          <span>{t(`roles.${role}`)}</span>
        </label>
      ))}
    </div>
  );
}

export function RoleTags({ roles }: { roles: readonly Role[] }) {
  const { t } = useTranslation();
  return (
    <span className="role-tags">
      {ROLES.filter((role) => roles.includes(role)).map((role) => (
        <span key={role} className="role-tag">
          {t(`roles.${role}`)}
        </span>
      ))}
    </span>
  );
}
