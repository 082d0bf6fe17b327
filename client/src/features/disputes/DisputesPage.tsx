import { DISPUTE_KINDS, DISPUTE_REMINDERS, OUTCOMES_OF, RECOVERIES, type DisputeKind, type DisputeOutcome, type Recovery } from '@kefu/shared/domain/disputes/disputes';
import { hasAnyRole } from '@kefu/shared/domain/staff/roles';
import type { Dispute } from '@kefu/shared/schemas/disputes';
import type { Staff } from '@kefu/shared/schemas/staff';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { FormErrors, LoadStatus } from '../../lib/ApiErrorMessage.tsx';
import { formatFen } from '../../lib/money.ts';
import { PageHeader } from '../../lib/PageHeader.tsx';
import { useRefetchOn } from '../../lib/socket-refetch.ts';
import { formatShopDateTime, shopWallTimeToIso } from '../../lib/time.ts';
import { useSessionUser } from '../auth/auth.context.tsx';
import { listStaff } from '../staff/staff.api.ts';
import { amountFen, timeLeft } from './dispute-format.ts';
import { enterDispute, listDisputes, markHandled, recordOutcome, recordRecovery, remind } from './disputes.api.ts';
import { DisputeSettingsForm } from './DisputeSettingsForm.tsx';

/**
 * /console/disputes — the supervisor's daily board of refunds (退款中) and disputes (维权中),
 * the least time left first, with a one-click reminder to the responsible agent; after-sale
 * enters them, marks them handled and records how they ended. `?orderNo=` highlights one
 * (a reminder's notification links here); `?ended=1` shows the ended ones.
 */
export function DisputesPage() {
  const { t } = useTranslation();
  const user = useSessionUser();
  const canRemind = hasAnyRole(user.roles, DISPUTE_REMINDERS);
  const [params, setParams] = useSearchParams();
  const ended = params.get('ended') === '1';
  const highlight = params.get('orderNo');
  // ?dispute=ID (a scoring entry's evidence, `registry` dispute:ID): mark it, on whichever list holds it.
  const wanted = /^[1-9]\d{0,15}$/.test(params.get('dispute') ?? '') ? Number(params.get('dispute')) : null;
  const [items, setItems] = useState<Dispute[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [formOpen, setFormOpen] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(() => {
    listDisputes(!ended).then(
      (loaded) => {
        setItems(loaded.disputes);
        setError(null);
      },
      (caught: unknown) => setError(caught),
    );
  }, [ended]);
  useEffect(load, [load]);
  useEffect(() => {
    if (wanted === null || !items) return;
    if (items.some((item) => item.id === wanted)) {
      document.querySelector(`[data-testid="dispute-${wanted}"]`)?.scrollIntoView({ block: 'center' });
    } else if (params.get('tried') !== '1') {
      // Not on this list: look on the other one, once.
      setParams({ ...(ended ? {} : { ended: '1' }), dispute: String(wanted), tried: '1' }, { replace: true });
    }
  }, [wanted, items, ended, params, setParams]);
  useRefetchOn('dispute:changed', () => true, load);
  // The time left moves on: the board refetches every minute.
  useEffect(() => {
    const timer = setInterval(load, 60_000);
    return () => clearInterval(timer);
  }, [load]);

  return (
    <div className="page disputes-page">
      <PageHeader
        title={t('disputes.title')}
        form={{ open: formOpen, onToggle: () => setFormOpen((open) => !open), openLabel: t('disputes.form.open'), closeLabel: t('disputes.form.close'), testId: 'dispute-new-toggle' }}
        notice={{ text: notice, testId: 'disputes-notice' }}
      />
      {formOpen ? (
        <DisputeForm
          onEntered={(made) => {
            setNotice(t('disputes.form.made', { orderNo: made.orderNo, kind: t(`disputes.kinds.${made.kind}`) }));
            setFormOpen(false);
            load();
          }}
        />
      ) : null}
      <div className="filter-bar">
        <div className="segmented" role="group">
          <button type="button" className={ended ? 'button button-small' : 'button button-small button-primary'} aria-pressed={!ended} onClick={() => setParams({})} data-testid="disputes-open">
            {t('disputes.board.title')}
          </button>
          <button type="button" className={ended ? 'button button-small button-primary' : 'button button-small'} aria-pressed={ended} onClick={() => setParams({ ended: '1' })} data-testid="disputes-ended">
            {t('disputes.board.ended')}
          </button>
        </div>
      </div>
      <section className="panel" aria-label={t('disputes.board.title')}>
        <LoadStatus error={error} loaded={items !== null} onRetry={load} testId="disputes-load-error" />
        {items?.length === 0 ? (
          <p className="muted" data-testid="disputes-empty">
            {ended ? t('disputes.board.emptyEnded') : t('disputes.board.empty')}
          </p>
        ) : null}
        <ul className="dispute-list" data-testid="disputes-board">
          {items?.map((item) => (
            <DisputeCard
              key={item.id}
              item={item}
              highlighted={item.orderNo === highlight || item.id === wanted}
              canRemind={canRemind}
              onChanged={(changed, message) => {
                if (message) setNotice(message);
                setItems((current) => current?.map((i) => (i.id === changed.id ? changed : i)) ?? null);
                load();
              }}
            />
          ))}
        </ul>
      </section>
      {canRemind ? <DisputeSettingsForm onSaved={() => setNotice(t('disputes.settings.saved'))} /> : null}
    </div>
  );
}

type Step = 'handle' | 'outcome' | 'recovery' | null;

function DisputeCard({ item, highlighted, canRemind, onChanged }: { item: Dispute; highlighted: boolean; canRemind: boolean; onChanged(item: Dispute, message: string | null): void }) {
  const { t } = useTranslation();
  const [step, setStep] = useState<Step>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const left = timeLeft(item.timeLeftMs);
  const duration = left.hours > 0 ? t('disputes.board.hours', { h: left.hours, m: left.minutes }) : t('disputes.board.minutes', { m: left.minutes });
  const lastReminder = item.reminders.at(-1);

  async function oneClick() {
    setBusy(true);
    setError(null);
    try {
      const reminded = await remind(item.id);
      onChanged(reminded, t('disputes.remind.done', { name: item.agent.displayName, orderNo: item.orderNo }));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className={`dispute-card dispute-${item.closedAt ? 'ended' : left.urgency}${highlighted ? ' dispute-highlight' : ''}`} data-testid={`dispute-${item.id}`} data-order-no={item.orderNo}>
      <div className="dispute-head">
        <span className={item.kind === 'dispute' ? 'tag tag-danger' : 'tag tag-warning'}>{t(`disputes.kinds.${item.kind}`)}</span>
        <span className="mono">{item.orderNo}</span>
        <span className="small muted">{item.buyerId}</span>
        {item.amountFen !== null ? <span className="small">{formatFen(item.amountFen)}</span> : null}
        {item.closedAt ? (
          <span className="tag tag-success" data-testid="dispute-outcome">
            {t(`disputes.outcomes.${item.outcome ?? 'refunded'}`)}
            {item.recovery ? ` · ${t(`disputes.recoveries.${item.recovery}`)}` : ''}
          </span>
        ) : (
          <span className={`dispute-left dispute-left-${left.urgency}`} data-testid="dispute-left">
            {left.overdue ? t('disputes.board.overdue', { time: duration }) : t('disputes.board.leftTime', { time: duration })}
          </span>
        )}
      </div>
      <p className="dispute-reason">{item.reason}</p>
      <dl className="dispute-facts small">
        <dt>{t('disputes.board.deadline')}</dt>
        <dd>{formatShopDateTime(item.deadlineAt)}</dd>
        <dt>{t('disputes.board.agent')}</dt>
        <dd data-testid="dispute-agent">{item.agent.displayName}</dd>
        <dt>{t('disputes.board.state')}</dt>
        <dd>{item.handledAt ? t('disputes.board.handled', { at: formatShopDateTime(item.handledAt) }) : t('disputes.board.notHandled')}</dd>
        <dt>{t('disputes.board.reminders')}</dt>
        <dd data-testid="dispute-reminders">{lastReminder ? t('disputes.board.reminded', { count: item.reminders.length, at: formatShopDateTime(lastReminder.at) }) : t('disputes.board.notReminded')}</dd>
      </dl>
      <div className="row-actions">
        {canRemind && !item.closedAt ? (
          <button type="button" className="button button-small button-primary" disabled={busy} onClick={() => void oneClick()} data-testid={`dispute-remind-${item.id}`}>
            {t('disputes.remind.button')}
          </button>
        ) : null}
        {!item.closedAt ? (
          <>
            <button type="button" className="button button-small" onClick={() => setStep('handle')} data-testid={`dispute-handle-${item.id}`}>
              {t('disputes.handle.button')}
            </button>
            <button type="button" className="button button-small" onClick={() => setStep('outcome')} data-testid={`dispute-outcome-${item.id}`}>
              {t('disputes.outcome.button')}
            </button>
          </>
        ) : null}
        {item.outcome === 'refunded' && !item.recovery ? (
          <button type="button" className="button button-small" onClick={() => setStep('recovery')}>
            {t('disputes.recovery.button')}
          </button>
        ) : null}
      </div>
      <FormErrors problem={null} error={error} />
      {step ? (
        <StepForm
          item={item}
          step={step}
          onCancel={() => setStep(null)}
          onDone={(changed) => {
            setStep(null);
            onChanged(changed, null);
          }}
        />
      ) : null}
    </li>
  );
}

function StepForm({ item, step, onCancel, onDone }: { item: Dispute; step: Exclude<Step, null>; onCancel(): void; onDone(item: Dispute): void }) {
  const { t } = useTranslation();
  const outcomes = OUTCOMES_OF[item.kind];
  const [note, setNote] = useState('');
  const [outcome, setOutcome] = useState<DisputeOutcome>(outcomes[0]!);
  const [recovery, setRecovery] = useState<Recovery>('goods_returned');
  const [error, setError] = useState<unknown>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    try {
      const text = note.trim();
      if (step === 'handle') onDone(await markHandled(item.id, item.version, text));
      else if (step === 'outcome') onDone(await recordOutcome(item.id, item.version, outcome, text));
      else onDone(await recordRecovery(item.id, item.version, recovery, text));
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <form className="inline-form" onSubmit={onSubmit} data-testid={`dispute-step-${item.id}`}>
      {step === 'outcome' ? (
        <label className="field">
          <span>{t('errors.fields.outcome')}</span>
          <select value={outcome} onChange={(e) => setOutcome(e.target.value as DisputeOutcome)} data-testid="dispute-outcome-select">
            {outcomes.map((o) => (
              <option key={o} value={o}>
                {t(`disputes.outcomes.${o}`)}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {step === 'recovery' ? (
        <label className="field">
          <span>{t('errors.fields.recovery')}</span>
          <select value={recovery} onChange={(e) => setRecovery(e.target.value as Recovery)}>
            {RECOVERIES.map((r) => (
              <option key={r} value={r}>
                {t(`disputes.recoveries.${r}`)}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <label className="field field-grow">
        <span>{step === 'handle' ? t('disputes.handle.note') : t('disputes.outcome.note')}</span>
        <input required maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} data-testid="dispute-step-note" />
      </label>
      <div className="form-actions">
        <button type="submit" className="button button-small button-primary" data-testid="dispute-step-submit">
          {t('disputes.save')}
        </button>
        <button type="button" className="button button-small" onClick={onCancel}>
          {t('disputes.cancel')}
        </button>
      </div>
      <FormErrors problem={null} error={error} />
    </form>
  );
}

function DisputeForm({ onEntered }: { onEntered(item: Dispute): void }) {
  const { t } = useTranslation();
  const user = useSessionUser();
  const [agents, setAgents] = useState<Staff[]>([]);
  const [form, setForm] = useState({ orderNo: '', kind: 'refund' as DisputeKind, reason: '', amount: '', deadline: '', agentId: '' });
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    listStaff().then(
      (staff) => setAgents(staff.filter((s) => s.active && s.roles.includes('aftersale'))),
      () => setAgents([]),
    );
  }, []);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setProblem(null);
    setError(null);
    const amount = amountFen(form.amount);
    if (amount === null) return setProblem(t('disputes.form.badAmount'));
    const deadline = form.deadline ? shopWallTimeToIso(form.deadline) : undefined;
    if (deadline === null) return setProblem(t('disputes.form.badDeadline'));
    setBusy(true);
    try {
      const made = await enterDispute({
        orderNo: form.orderNo.trim(),
        kind: form.kind,
        reason: form.reason.trim(),
        ...(amount !== undefined ? { amountFen: amount } : {}),
        ...(deadline ? { deadlineAt: deadline } : {}),
        ...(form.agentId ? { agentId: Number(form.agentId) } : {}),
      });
      onEntered(made);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="panel dispute-form" onSubmit={onSubmit} aria-labelledby="dispute-form-title" data-testid="dispute-form">
      <h2 id="dispute-form-title">{t('disputes.form.title')}</h2>
      <div className="form-grid">
        <label className="field">
          <span>{t('disputes.form.orderNo')}</span>
          <input required autoFocus className="mono" maxLength={32} value={form.orderNo} onChange={(e) => setForm((f) => ({ ...f, orderNo: e.target.value }))} data-testid="dispute-order-no" />
        </label>
        <label className="field">
          <span>{t('disputes.form.kind')}</span>
          <select value={form.kind} onChange={(e) => setForm((f) => ({ ...f, kind: e.target.value as DisputeKind }))} data-testid="dispute-kind">
            {DISPUTE_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`disputes.kinds.${kind}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('disputes.form.amount')}</span>
          <input inputMode="decimal" value={form.amount} onChange={(e) => setForm((f) => ({ ...f, amount: e.target.value }))} />
        </label>
        <label className="field">
          <span>{t('disputes.form.deadline')}</span>
          <input type="datetime-local" value={form.deadline} onChange={(e) => setForm((f) => ({ ...f, deadline: e.target.value }))} data-testid="dispute-deadline" />
        </label>
        <label className="field">
          <span>{t('disputes.form.agent')}</span>
          <select value={form.agentId} onChange={(e) => setForm((f) => ({ ...f, agentId: e.target.value }))} data-testid="dispute-agent-select">
            <option value="">{user.roles.includes('aftersale') ? t('disputes.form.me') : '—'}</option>
            {agents.map((agent) => (
              <option key={agent.id} value={agent.id}>
                {agent.displayName}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label className="field">
        <span>{t('disputes.form.reason')}</span>
        <textarea required rows={2} maxLength={500} value={form.reason} onChange={(e) => setForm((f) => ({ ...f, reason: e.target.value }))} data-testid="dispute-reason" />
      </label>
      <FormErrors problem={problem} error={error} testId="dispute-form-error" />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy} data-testid="dispute-submit">
          {busy ? t('disputes.form.submitting') : t('disputes.form.submit')}
        </button>
      </div>
    </form>
  );
}
