import type { Complaint } from '@kefu/shared/schemas/complaints';
import type { Staff } from '@kefu/shared/schemas/staff';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiErrorMessage, FormErrors } from '../../lib/ApiErrorMessage.tsx';
import { formatShopDateTime } from '../../lib/time.ts';
import { useSessionUser } from '../auth/auth.context.tsx';
import { callBack, getComplaint, handOver, resolveComplaint } from './complaints.api.ts';
import { chatHref } from './complaints-format.ts';

interface Props {
  id: number;
  staff: Staff[];
  nameOf(id: number | null): string;
  onClose(): void;
  onChanged(message: string): void;
}

/**
 * One complaint's page: who, what, the deadline, the chat messages attached (each opens the
 * chat at that message), its story (who did what when), and the next step for its handler
 * or a supervisor: hand over with a note or resolve (open), call back (resolved).
 */
export function ComplaintDetail({ id, staff, nameOf, onClose, onChanged }: Props) {
  const { t } = useTranslation();
  const user = useSessionUser();
  const [item, setItem] = useState<Complaint | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => {
    getComplaint(id).then(
      (loaded) => {
        setItem(loaded);
        setError(null);
      },
      (caught: unknown) => setError(caught),
    );
  }, [id]);
  useEffect(load, [load]);
  useEffect(() => {
    document.querySelector('[data-testid="complaint-detail"]')?.scrollIntoView({ block: 'nearest' });
  }, [id]);

  const changed = (next: Complaint, message: string) => {
    setItem(next);
    onChanged(message);
  };
  const mayAct = item !== null && (item.handlerId === user.id || user.roles.includes('supervisor'));

  return (
    <section className="panel complaint-detail" aria-labelledby="complaint-detail-title" data-testid="complaint-detail" data-complaint-id={id} data-status={item?.status ?? ''}>
      <div className="complaint-detail-head">
        <h2 id="complaint-detail-title">{t('complaints.detail.title', { id })}</h2>
        <button type="button" className="button button-small" onClick={onClose} data-testid="complaint-detail-close">
          {t('complaints.detail.close')}
        </button>
      </div>
      {error ? <ApiErrorMessage error={error} testId="complaint-detail-error" /> : null}
      {!item && !error ? <p className="muted">{t('complaints.detail.loading')}</p> : null}
      {item ? (
        <>
          <div className="dispute-head">
            <span className="tag">{t(`complaints.sources.${item.source}`)}</span>
            <span className={item.severity === 'urgent' || item.severity === 'high' ? 'tag tag-danger' : 'tag'}>{t(`complaints.severities.${item.severity}`)}</span>
            <span className="tag">{t(`complaints.categories.${item.category}`)}</span>
            <strong data-testid="complaint-status">{t(`complaints.statuses.${item.status}`)}</strong>
            {item.overdue ? <span className="tag tag-danger">{t('complaints.detail.overdue')}</span> : null}
          </div>
          <dl className="dispute-facts complaint-facts">
            <dt>{t('complaints.detail.buyer')}</dt>
            <dd>{item.buyerId}</dd>
            {item.orderNo ? (
              <>
                <dt>{t('complaints.detail.order')}</dt>
                <dd>
                  <Link to={`/console/orders?order=${encodeURIComponent(item.orderNo)}`}>{item.orderNo}</Link>
                </dd>
              </>
            ) : null}
            <dt>{t('complaints.detail.staff')}</dt>
            <dd>{nameOf(item.staffId)}</dd>
            <dt>{t('complaints.detail.handler')}</dt>
            <dd data-testid="complaint-handler-name">{nameOf(item.handlerId)}</dd>
            <dt>{t('complaints.detail.created')}</dt>
            <dd>{formatShopDateTime(item.createdAt)}</dd>
            <dt>{t('complaints.detail.deadline')}</dt>
            <dd>{formatShopDateTime(item.deadlineAt)}</dd>
            <dt>{t('complaints.detail.description')}</dt>
            <dd className="complaint-text">{item.description}</dd>
            {item.reviewText ? (
              <>
                <dt>{t('complaints.detail.review')}</dt>
                <dd className="complaint-text">
                  {item.reviewText}{' '}
                  {item.reviewLink ? (
                    <a href={item.reviewLink} target="_blank" rel="noreferrer noopener">
                      {t('complaints.detail.reviewLink')}
                    </a>
                  ) : null}
                </dd>
              </>
            ) : null}
            {item.investigation ? (
              <>
                <dt>{t('complaints.detail.investigation')}</dt>
                <dd className="complaint-text">{item.investigation}</dd>
                <dt>{t('complaints.detail.resolution')}</dt>
                <dd className="complaint-text">
                  {item.resolution} <span className={item.verified ? 'tag tag-danger' : 'tag'} data-testid="complaint-verified">{item.verified ? t('complaints.detail.verified') : t('complaints.detail.notVerified')}</span>
                </dd>
              </>
            ) : null}
            {item.callbackAnswer ? (
              <>
                <dt>{t('complaints.detail.callbackAnswer')}</dt>
                <dd className="complaint-text">
                  {item.callbackAnswer} <span className="tag">{item.callbackSatisfied ? t('complaints.detail.satisfied') : t('complaints.detail.unsatisfied')}</span>
                </dd>
              </>
            ) : null}
          </dl>
          {item.conversationId !== null ? <AttachedMessages item={item} nameOf={nameOf} /> : null}
          <h3 className="small-title">{t('complaints.detail.story')}</h3>
          <ol className="complaint-story" data-testid="complaint-story">
            {item.events.map((event, index) => (
              <li key={index} data-kind={event.kind}>
                <span className="muted small">{formatShopDateTime(event.at)}</span>{' '}
                {t(`complaints.detail.events.${event.kind as 'registered'}`, { by: nameOf(event.byStaffId), to: nameOf(event.toStaffId) })}
                {event.note && event.kind === 'handover' ? <div className="complaint-note">{event.note}</div> : null}
              </li>
            ))}
          </ol>
          {!mayAct && item.status !== 'closed' ? <p className="muted small">{t('complaints.detail.notYours', { name: nameOf(item.handlerId) })}</p> : null}
          {mayAct && item.status === 'open' ? (
            <>
              <HandoverForm item={item} staff={staff.filter((s) => s.id !== item.handlerId)} onDone={(next) => changed(next, t('complaints.handover.done', { name: nameOf(next.handlerId) }))} />
              <ResolveForm item={item} onDone={(next) => changed(next, t('complaints.resolve.done'))} />
            </>
          ) : null}
          {mayAct && item.status === 'resolved' ? <CallbackForm item={item} onDone={(next) => changed(next, t('complaints.callback.done'))} /> : null}
        </>
      ) : null}
    </section>
  );
}

function AttachedMessages({ item, nameOf }: { item: Complaint; nameOf(id: number | null): string }) {
  const { t } = useTranslation();
  const conversationId = item.conversationId!;
  return (
    <>
      <h3 className="small-title">{t('complaints.detail.messages')}</h3>
      <p className="small">
        <Link to={chatHref(conversationId)} data-testid="complaint-conversation-link">
          {t('complaints.detail.conversation', { id: conversationId })}
        </Link>
      </p>
      <ul className="complaint-excerpts" data-testid="complaint-messages">
        {item.messages.map((m) => (
          <li key={m.seq} className={m.sender === 'buyer' ? 'complaint-excerpt complaint-excerpt-buyer' : 'complaint-excerpt'} data-seq={m.seq}>
            <div className="small muted">
              {m.sender === 'buyer' ? t('complaints.detail.buyerSays') : nameOf(m.staffId)} · {formatShopDateTime(m.at)} ·{' '}
              <Link to={chatHref(conversationId, m.seq)} data-testid={`complaint-message-link-${m.seq}`}>
                {t('complaints.detail.openMessage')}
              </Link>
            </div>
            <div className="complaint-text">{m.kind === 'image' && m.excerpt === '[图片]' ? t('complaints.detail.imageExcerpt') : m.excerpt}</div>
          </li>
        ))}
      </ul>
    </>
  );
}

function useSubmit(onDone: (next: Complaint) => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (event: FormEvent<HTMLFormElement>, work: () => Promise<Complaint>) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onDone(await work());
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}

function HandoverForm({ item, staff, onDone }: { item: Complaint; staff: Staff[]; onDone(next: Complaint): void }) {
  const { t } = useTranslation();
  const [to, setTo] = useState('');
  const [note, setNote] = useState('');
  const { busy, error, run } = useSubmit(onDone);
  return (
    <form className="complaint-step" onSubmit={(e) => void run(e, () => handOver(item.id, item.version, Number(to), note.trim()))} aria-labelledby={`handover-${item.id}`} data-testid="complaint-handover-form">
      <h3 id={`handover-${item.id}`} className="small-title">
        {t('complaints.handover.title')}
      </h3>
      <div className="form-grid">
        <label className="field">
          <span>{t('complaints.handover.to')}</span>
          <select required value={to} onChange={(e) => setTo(e.target.value)} data-testid="complaint-handover-to">
            <option value="">{t('complaints.handover.choose')}</option>
            {staff.map((s) => (
              <option key={s.id} value={s.id}>
                {s.displayName}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('complaints.handover.note')}</span>
          <input required maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} data-testid="complaint-handover-note" />
        </label>
      </div>
      <FormErrors problem={null} error={error} />
      <button type="submit" className="button" disabled={busy} data-testid="complaint-handover-submit">
        {t('complaints.handover.submit')}
      </button>
    </form>
  );
}

function ResolveForm({ item, onDone }: { item: Complaint; onDone(next: Complaint): void }) {
  const { t } = useTranslation();
  const [investigation, setInvestigation] = useState('');
  const [resolution, setResolution] = useState('');
  const [verified, setVerified] = useState(false);
  const { busy, error, run } = useSubmit(onDone);
  return (
    <form className="complaint-step" onSubmit={(e) => void run(e, () => resolveComplaint(item.id, { version: item.version, investigation: investigation.trim(), resolution: resolution.trim(), verified }))} aria-labelledby={`resolve-${item.id}`} data-testid="complaint-resolve-form">
      <h3 id={`resolve-${item.id}`} className="small-title">
        {t('complaints.resolve.title')}
      </h3>
      <label className="field">
        <span>{t('complaints.resolve.investigation')}</span>
        <textarea required rows={2} maxLength={2000} value={investigation} onChange={(e) => setInvestigation(e.target.value)} data-testid="complaint-investigation" />
      </label>
      <label className="field">
        <span>{t('complaints.resolve.resolution')}</span>
        <textarea required rows={2} maxLength={2000} value={resolution} onChange={(e) => setResolution(e.target.value)} data-testid="complaint-resolution" />
      </label>
      <label className="field field-inline">
        <input type="checkbox" checked={verified} onChange={(e) => setVerified(e.target.checked)} data-testid="complaint-verified-box" />
        <span>{t('complaints.resolve.verified')}</span>
      </label>
      <FormErrors problem={null} error={error} />
      <button type="submit" className="button button-primary" disabled={busy} data-testid="complaint-resolve-submit">
        {t('complaints.resolve.submit')}
      </button>
    </form>
  );
}

function CallbackForm({ item, onDone }: { item: Complaint; onDone(next: Complaint): void }) {
  const { t } = useTranslation();
  const [answer, setAnswer] = useState('');
  const [satisfied, setSatisfied] = useState(true);
  const { busy, error, run } = useSubmit(onDone);
  return (
    <form className="complaint-step" onSubmit={(e) => void run(e, () => callBack(item.id, { version: item.version, answer: answer.trim(), satisfied }))} aria-labelledby={`callback-${item.id}`} data-testid="complaint-callback-form">
      <h3 id={`callback-${item.id}`} className="small-title">
        {t('complaints.callback.title')}
      </h3>
      <label className="field">
        <span>{t('complaints.callback.answer')}</span>
        <textarea required rows={2} maxLength={1000} value={answer} onChange={(e) => setAnswer(e.target.value)} data-testid="complaint-callback-answer" />
      </label>
      <fieldset className="field">
        <legend>{t('complaints.callback.satisfied')}</legend>
        <label className="field-inline">
          <input type="radio" name={`satisfied-${item.id}`} checked={satisfied} onChange={() => setSatisfied(true)} data-testid="complaint-callback-yes" /> {t('complaints.callback.yes')}
        </label>
        <label className="field-inline">
          <input type="radio" name={`satisfied-${item.id}`} checked={!satisfied} onChange={() => setSatisfied(false)} data-testid="complaint-callback-no" /> {t('complaints.callback.no')}
        </label>
      </fieldset>
      <FormErrors problem={null} error={error} />
      <button type="submit" className="button button-primary" disabled={busy} data-testid="complaint-callback-submit">
        {t('complaints.callback.submit')}
      </button>
    </form>
  );
}
