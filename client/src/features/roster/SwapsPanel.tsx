import type { SwapView } from '@kefu/shared/schemas/roster';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorMessage, LoadStatus } from '../../lib/ApiErrorMessage.tsx';
import { currentLanguage } from '../../lib/i18n.ts';
import { Notice } from '../../lib/PageHeader.tsx';
import { formatShopDateTime } from '../../lib/time.ts';
import { useSessionUser } from '../auth/auth.context.tsx';
import { askSwap, decideSwap, getMonth, listSwaps, swapStep } from './roster.api.ts';
import { useRosterData } from './useRosterData.ts';

/** 换班: ask a colleague, who accepts; the supervisor approves, seeing who remains on both shifts. */
export function SwapsPanel({ month, highlight }: { month: string; highlight: number | null }) {
  const { t } = useTranslation();
  const user = useSessionUser();
  const zh = currentLanguage() !== 'en';
  const isSupervisor = user.roles.includes('supervisor');
  const rostered = user.roles.some((r) => r === 'presale' || r === 'aftersale' || r === 'printer');
  const swaps = useRosterData(() => listSwaps(month), month, [month]);
  const grid = useRosterData(() => getMonth(month), month, [month]);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [form, setForm] = useState({ requesterDay: '', colleagueId: '', colleagueDay: '', note: '' });

  const view = grid.data;
  const templateName = (id: number | undefined) => {
    const tpl = view?.templates.find((x) => x.id === id);
    return tpl ? (zh ? tpl.nameZh : tpl.nameEn) : t('roster.grid.off');
  };
  const shiftOf = (staffId: number, day: string) => view?.cells.find((c) => c.staffId === staffId && c.day === day);
  const myDays = view ? view.cells.filter((c) => c.staffId === user.id).map((c) => c.day) : [];
  const colleagues = view ? view.people.filter((p) => p.staffId !== user.id) : [];

  async function run(action: () => Promise<SwapView>, done: (swap: SwapView) => string) {
    setError(null);
    try {
      const swap = await action();
      setNotice(done(swap));
      swaps.reload();
      grid.reload();
    } catch (cause) {
      setError(cause);
      swaps.reload();
    }
  }

  function onAsk(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void run(
      () => askSwap({ requesterDay: form.requesterDay, colleagueId: Number(form.colleagueId), colleagueDay: form.colleagueDay || form.requesterDay, note: form.note.trim() }),
      (swap) => t('roster.swaps.asked', { name: swap.colleagueName }),
    );
  }

  return (
    <>
      {notice ? <Notice testId="swap-notice">{notice}</Notice> : null}
      {error ? <ApiErrorMessage error={error} testId="swap-error" /> : null}
      {rostered && view?.status === 'published' ? (
        <section className="panel">
          <h2>{t('roster.swaps.ask')}</h2>
          <p className="muted">{t('roster.swaps.rules')}</p>
          <form className="form-grid" onSubmit={onAsk} data-testid="swap-form">
            <label className="field">
              <span>{t('roster.swaps.myDay')}</span>
              <select required value={form.requesterDay} onChange={(e) => setForm({ ...form, requesterDay: e.target.value })} data-testid="swap-my-day">
                <option value="" />
                {myDays.map((day) => (
                  <option key={day} value={day}>
                    {day} {templateName(shiftOf(user.id, day)?.templateId)}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>{t('roster.swaps.colleague')}</span>
              <select required value={form.colleagueId} onChange={(e) => setForm({ ...form, colleagueId: e.target.value })} data-testid="swap-colleague">
                <option value="" />
                {colleagues.map((p) => (
                  <option key={p.staffId} value={p.staffId}>
                    {p.name}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>{t('roster.swaps.theirDay')}</span>
              <select value={form.colleagueDay} onChange={(e) => setForm({ ...form, colleagueDay: e.target.value })} data-testid="swap-their-day">
                <option value="">{t('roster.swaps.sameDay')}</option>
                {form.colleagueId
                  ? view.cells
                      .filter((c) => c.staffId === Number(form.colleagueId))
                      .map((c) => (
                        <option key={c.day} value={c.day}>
                          {c.day} {templateName(c.templateId)}
                        </option>
                      ))
                  : null}
              </select>
            </label>
            <label className="field">
              <span>{t('roster.swaps.note')}</span>
              <input required maxLength={500} value={form.note} onChange={(e) => setForm({ ...form, note: e.target.value })} data-testid="swap-note" />
            </label>
            {form.requesterDay && form.colleagueId ? (
              <p className="muted" data-testid="swap-preview">
                {t('roster.swaps.preview', {
                  mine: templateName(shiftOf(user.id, form.requesterDay)?.templateId),
                  theirs: templateName(shiftOf(Number(form.colleagueId), form.colleagueDay || form.requesterDay)?.templateId),
                })}
              </p>
            ) : null}
            <div className="form-actions">
              <button type="submit" className="button button-primary" data-testid="swap-submit">
                {t('roster.swaps.submit')}
              </button>
            </div>
          </form>
        </section>
      ) : null}
      <section className="panel" data-testid="swap-list">
        <h2>{t('roster.swaps.title', { month })}</h2>
        <LoadStatus error={swaps.error} loaded={swaps.data !== null} onRetry={swaps.reload} />
        {swaps.data?.length === 0 ? <p className="muted">{t('roster.swaps.none')}</p> : null}
        <ul className="roster-requests">
          {swaps.data?.map((swap) => (
            <li key={swap.id} className={swap.id === highlight ? 'row-highlight' : undefined} data-testid={`swap-${swap.id}`}>
              <div>
                <strong>#{swap.id}</strong> {t('roster.swaps.line', { requester: swap.requesterName, requesterDay: swap.requesterDay, colleague: swap.colleagueName, colleagueDay: swap.colleagueDay })}{' '}
                <span className={swap.status === 'approved' ? 'tag tag-success' : swap.status === 'refused' || swap.status === 'cancelled' ? 'tag tag-danger' : 'tag tag-warning'} data-testid="swap-status">
                  {t(`roster.swaps.status.${swap.status}`)}
                </span>
              </div>
              <div className="muted">
                {swap.note} · {formatShopDateTime(swap.askedAt)}
                {swap.decisionNote ? ` · ${swap.decisionNote}` : ''}
              </div>
              {isSupervisor && swap.status === 'accepted' ? (
                <div className="muted" data-testid="swap-remaining">
                  {swap.remaining.map((r) => (
                    <span key={`${r.day}|${r.templateId}`} className="tag">
                      {t('roster.remaining', { day: r.day.slice(5), shift: templateName(r.templateId), presale: r.counts.presale, aftersale: r.counts.aftersale, printer: r.counts.printer })}
                    </span>
                  ))}
                </div>
              ) : null}
              <div className="row-actions">
                {swap.colleagueId === user.id && swap.status === 'asked' ? (
                  <>
                    <button type="button" className="button button-small button-primary" onClick={() => void run(() => swapStep(swap.id, 'accept', swap.version), () => t('roster.swaps.accepted'))} data-testid="swap-accept">
                      {t('roster.swaps.accept')}
                    </button>
                    <button type="button" className="button button-small" onClick={() => void run(() => swapStep(swap.id, 'decline', swap.version), () => t('roster.swaps.declined'))}>
                      {t('roster.swaps.decline')}
                    </button>
                  </>
                ) : null}
                {swap.requesterId === user.id && (swap.status === 'asked' || swap.status === 'accepted') ? (
                  <button type="button" className="button button-small" onClick={() => void run(() => swapStep(swap.id, 'cancel', swap.version), () => t('roster.swaps.cancelled'))}>
                    {t('roster.swaps.cancel')}
                  </button>
                ) : null}
                {isSupervisor && swap.status === 'accepted' ? (
                  <>
                    <button type="button" className="button button-small button-primary" onClick={() => void run(() => decideSwap(swap.id, swap.version, true), () => t('roster.swaps.approved'))} data-testid="swap-approve">
                      {t('roster.approve')}
                    </button>
                    <button type="button" className="button button-small" onClick={() => void run(() => decideSwap(swap.id, swap.version, false), () => t('roster.swaps.refused'))} data-testid="swap-refuse">
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
