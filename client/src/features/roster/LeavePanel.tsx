import { LEAVE_KINDS, type LeaveKind } from '@kefu/shared/domain/roster/leave';
import type { LeaveView } from '@kefu/shared/schemas/roster';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorMessage, LoadStatus } from '../../lib/ApiErrorMessage.tsx';
import { currentLanguage } from '../../lib/i18n.ts';
import { Notice } from '../../lib/PageHeader.tsx';
import { formatShopDateTime } from '../../lib/time.ts';
import { useSessionUser } from '../auth/auth.context.tsx';
import { listStaff } from '../staff/staff.api.ts';
import { askLeave, cancelLeave, decideLeave, getMine, listLeave } from './roster.api.ts';
import { useRosterData } from './useRosterData.ts';

/** 请假: asked of one's own supervisor; the supervisor grants or refuses, seeing who remains on that shift. */
export function LeavePanel({ month, highlight }: { month: string; highlight: number | null }) {
  const { t } = useTranslation();
  const user = useSessionUser();
  const zh = currentLanguage() !== 'en';
  const isSupervisor = user.roles.includes('supervisor');
  const rostered = user.roles.some((r) => r === 'presale' || r === 'aftersale' || r === 'printer');
  const leave = useRosterData(() => listLeave(month), month, [month]);
  const mine = useRosterData(() => getMine(month), month, [month]);
  const supervisors = useRosterData(async () => (await listStaff()).filter((s) => s.active && s.roles.includes('supervisor')), null, []);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [form, setForm] = useState<{ day: string; kind: LeaveKind; reason: string; supervisorId: string }>({ day: '', kind: 'ordinary', reason: '', supervisorId: '' });

  async function run(action: () => Promise<LeaveView>, done: (item: LeaveView) => string) {
    setError(null);
    try {
      setNotice(done(await action()));
    } catch (cause) {
      setError(cause);
    }
    leave.reload();
    mine.reload();
  }

  function onAsk(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const supervisorId = Number(form.supervisorId || supervisors.data?.[0]?.id);
    void run(
      () => askLeave({ day: form.day, kind: form.kind, reason: form.reason.trim(), supervisorId }),
      (item) => (item.status === 'void' ? t('roster.leave.askedVoid', { why: t(`errors.reasons.${item.voidReason as 'leave_notice'}`) }) : t('roster.leave.asked')),
    );
  }

  return (
    <>
      {notice ? <Notice testId="leave-notice">{notice}</Notice> : null}
      {error ? <ApiErrorMessage error={error} testId="leave-error" /> : null}
      {rostered && mine.data?.published ? (
        <section className="panel">
          <h2>{t('roster.leave.ask')}</h2>
          <p className="muted">{t('roster.leave.rules')}</p>
          <form className="form-grid" onSubmit={onAsk} data-testid="leave-form">
            <label className="field">
              <span>{t('roster.leave.day')}</span>
              <select required value={form.day} onChange={(e) => setForm({ ...form, day: e.target.value })} data-testid="leave-day">
                <option value="" />
                {mine.data.shifts.map((s) => (
                  <option key={s.day} value={s.day}>
                    {s.day} {zh ? s.template.nameZh : s.template.nameEn}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>{t('roster.leave.kind')}</span>
              <select value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value as LeaveKind })} data-testid="leave-kind">
                {LEAVE_KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {t(`roster.leave.kinds.${kind}`)}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>{t('roster.leave.supervisor')}</span>
              <select value={form.supervisorId} onChange={(e) => setForm({ ...form, supervisorId: e.target.value })} data-testid="leave-supervisor">
                {supervisors.data?.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.displayName}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>{t('roster.leave.reason')}</span>
              <input required maxLength={500} value={form.reason} onChange={(e) => setForm({ ...form, reason: e.target.value })} data-testid="leave-reason" />
            </label>
            <div className="form-actions">
              <button type="submit" className="button button-primary" data-testid="leave-submit">
                {t('roster.leave.submit')}
              </button>
            </div>
          </form>
        </section>
      ) : null}
      <section className="panel" data-testid="leave-list">
        <h2>{t('roster.leave.title', { month })}</h2>
        <LoadStatus error={leave.error} loaded={leave.data !== null} onRetry={leave.reload} />
        {leave.data?.length === 0 ? <p className="muted">{t('roster.leave.none')}</p> : null}
        <ul className="roster-requests">
          {leave.data?.map((item) => (
            <li key={item.id} className={item.id === highlight ? 'row-highlight' : undefined} data-testid={`leave-${item.id}`}>
              <div>
                <strong>#{item.id}</strong> {t('roster.leave.line', { name: item.name, day: item.day, kind: t(`roster.leave.kinds.${item.kind}`) })}{' '}
                <span className={item.status === 'approved' ? 'tag tag-success' : item.status === 'asked' ? 'tag tag-warning' : 'tag tag-danger'} data-testid="leave-status">
                  {t(`roster.leave.status.${item.status}`)}
                </span>
                {item.voidReason ? <span className="muted"> {t(`errors.reasons.${item.voidReason as 'leave_notice'}`)}</span> : null}
              </div>
              <div className="muted">
                {item.reason} · {formatShopDateTime(item.askedAt)}
                {item.decisionNote ? ` · ${item.decisionNote}` : ''}
              </div>
              {isSupervisor && item.status === 'asked' ? (
                <div className="muted" data-testid="leave-remaining">
                  {item.remaining.map((r) => (
                    <span key={r.templateId} className={r.counts.presale + r.counts.aftersale + r.counts.printer === 0 || (r.counts.printer === 0 && r.counts.presale * r.counts.aftersale === 0) ? 'tag tag-danger' : 'tag'}>
                      {t('roster.remainingIf', { presale: r.counts.presale, aftersale: r.counts.aftersale, printer: r.counts.printer })}
                    </span>
                  ))}
                </div>
              ) : null}
              <div className="row-actions">
                {item.staffId === user.id && item.status === 'asked' ? (
                  <button type="button" className="button button-small" onClick={() => void run(() => cancelLeave(item.id, item.version), () => t('roster.leave.cancelled'))}>
                    {t('roster.leave.cancel')}
                  </button>
                ) : null}
                {isSupervisor && item.supervisorId === user.id && item.status === 'asked' ? (
                  <>
                    <button type="button" className="button button-small button-primary" onClick={() => void run(() => decideLeave(item.id, item.version, true), () => t('roster.leave.approved'))} data-testid="leave-approve">
                      {t('roster.approve')}
                    </button>
                    <button type="button" className="button button-small" onClick={() => void run(() => decideLeave(item.id, item.version, false), () => t('roster.leave.refused'))} data-testid="leave-refuse">
                      {t('roster.refuse')}
                    </button>
                  </>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
