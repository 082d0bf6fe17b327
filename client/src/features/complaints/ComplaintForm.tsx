import { COMPLAINT_CATEGORIES, COMPLAINT_SEVERITIES, COMPLAINT_SOURCES } from '@kefu/shared/domain/complaints/complaints';
import type { Complaint, NewComplaint } from '@kefu/shared/schemas/complaints';
import type { Staff } from '@kefu/shared/schemas/staff';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormErrors } from '../../lib/ApiErrorMessage.tsx';
import { registerComplaint } from './complaints.api.ts';

type Source = (typeof COMPLAINT_SOURCES)[number];

/**
 * Registers a complaint from a call, a review, or a chat named by its number (the chat's own
 * button, ComplaintFromChat, attaches chosen messages; from here the last ones are attached).
 */
export function ComplaintForm({ staff, me, onMade }: { staff: Staff[]; me: number; onMade(made: Complaint): void }) {
  const { t } = useTranslation();
  const [source, setSource] = useState<Source>('call');
  const [conversationId, setConversationId] = useState('');
  const [buyerId, setBuyerId] = useState('');
  const [orderNo, setOrderNo] = useState('');
  const [staffId, setStaffId] = useState('');
  const [category, setCategory] = useState<NewComplaint['category']>('attitude');
  const [severity, setSeverity] = useState<NewComplaint['severity']>('normal');
  const [handlerId, setHandlerId] = useState(String(me));
  const [description, setDescription] = useState('');
  const [reviewText, setReviewText] = useState('');
  const [reviewLink, setReviewLink] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setProblem(null);
    setError(null);
    if (source === 'chat' && !/^[1-9]\d*$/.test(conversationId.trim())) return setProblem(t('complaints.form.badConversation'));
    const input: NewComplaint = {
      source,
      buyerId: buyerId.trim(),
      category,
      severity,
      handlerId: Number(handlerId),
      description: description.trim(),
      ...(source === 'chat' ? { conversationId: Number(conversationId.trim()) } : {}),
      ...(orderNo.trim() ? { orderNo: orderNo.trim() } : {}),
      ...(staffId ? { staffId: Number(staffId) } : {}),
      ...(source === 'review' ? { reviewText: reviewText.trim(), ...(reviewLink.trim() ? { reviewLink: reviewLink.trim() } : {}) } : {}),
    };
    setBusy(true);
    try {
      onMade(await registerComplaint(input));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="panel complaint-form" onSubmit={onSubmit} aria-labelledby="complaint-form-title" data-testid="complaint-form">
      <h2 id="complaint-form-title" className="small-title">
        {t('complaints.form.title')}
      </h2>
      <div className="form-grid">
        <label className="field">
          <span>{t('complaints.form.source')}</span>
          <select value={source} onChange={(e) => setSource(e.target.value as Source)} data-testid="complaint-source">
            {COMPLAINT_SOURCES.map((s) => (
              <option key={s} value={s}>
                {t(`complaints.sources.${s}`)}
              </option>
            ))}
          </select>
        </label>
        {source === 'chat' ? (
          <label className="field">
            <span>{t('complaints.form.conversationId')}</span>
            <input inputMode="numeric" value={conversationId} onChange={(e) => setConversationId(e.target.value)} data-testid="complaint-conversation" />
          </label>
        ) : null}
        <label className="field">
          <span>{t('complaints.form.buyer')}</span>
          <input required maxLength={64} value={buyerId} onChange={(e) => setBuyerId(e.target.value)} data-testid="complaint-buyer" />
        </label>
        <label className="field">
          <span>{t('complaints.form.orderNo')}</span>
          <input maxLength={32} value={orderNo} onChange={(e) => setOrderNo(e.target.value)} data-testid="complaint-order" />
        </label>
        <CategoryFields category={category} severity={severity} onCategory={setCategory} onSeverity={setSeverity} />
        <StaffFields staff={staff} staffId={staffId} handlerId={handlerId} onStaff={setStaffId} onHandler={setHandlerId} />
      </div>
      <label className="field">
        <span>{t('complaints.form.description')}</span>
        <textarea required rows={3} maxLength={2000} value={description} onChange={(e) => setDescription(e.target.value)} data-testid="complaint-description" />
      </label>
      {source === 'review' ? (
        <>
          <label className="field">
            <span>{t('complaints.form.reviewText')}</span>
            <textarea required rows={2} maxLength={2000} value={reviewText} onChange={(e) => setReviewText(e.target.value)} data-testid="complaint-review-text" />
          </label>
          <label className="field">
            <span>{t('complaints.form.reviewLink')}</span>
            <input type="url" maxLength={500} value={reviewLink} onChange={(e) => setReviewLink(e.target.value)} data-testid="complaint-review-link" />
          </label>
        </>
      ) : null}
      <FormErrors problem={problem} error={error} testId="complaint-form-error" />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy} data-testid="complaint-submit">
          {busy ? t('complaints.form.submitting') : t('complaints.form.submit')}
        </button>
      </div>
    </form>
  );
}

/** Category and severity selects (shared with the chat's dialog). */
export function CategoryFields(props: { category: NewComplaint['category']; severity: NewComplaint['severity']; onCategory(v: NewComplaint['category']): void; onSeverity(v: NewComplaint['severity']): void }) {
  const { t } = useTranslation();
  return (
    <>
      <label className="field">
        <span>{t('complaints.form.category')}</span>
        <select value={props.category} onChange={(e) => props.onCategory(e.target.value as NewComplaint['category'])} data-testid="complaint-category">
          {COMPLAINT_CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {t(`complaints.categories.${c}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t('complaints.form.severity')}</span>
        <select value={props.severity} onChange={(e) => props.onSeverity(e.target.value as NewComplaint['severity'])} data-testid="complaint-severity">
          {[...COMPLAINT_SEVERITIES].reverse().map((s) => (
            <option key={s} value={s}>
              {t(`complaints.severities.${s}`)}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}

/** The staff member concerned (optional) and the handler (shared with the chat's dialog). */
export function StaffFields(props: { staff: Staff[]; staffId: string; handlerId: string; onStaff(v: string): void; onHandler(v: string): void }) {
  const { t } = useTranslation();
  return (
    <>
      <label className="field">
        <span>{t('complaints.form.staff')}</span>
        <select value={props.staffId} onChange={(e) => props.onStaff(e.target.value)} data-testid="complaint-staff">
          <option value="">{t('complaints.form.staffNone')}</option>
          {props.staff.map((s) => (
            <option key={s.id} value={s.id}>
              {s.displayName}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t('complaints.form.handler')}</span>
        <select required value={props.handlerId} onChange={(e) => props.onHandler(e.target.value)} data-testid="complaint-handler">
          {props.staff.map((s) => (
            <option key={s.id} value={s.id}>
              {s.displayName}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}
