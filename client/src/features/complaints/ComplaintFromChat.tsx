import type { ChatMessage, ConversationSummary } from '@kefu/shared/schemas/chat';
import type { Complaint, NewComplaint } from '@kefu/shared/schemas/complaints';
import type { Staff } from '@kefu/shared/schemas/staff';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormErrors } from '../../lib/ApiErrorMessage.tsx';
import { formatShopDateTime } from '../../lib/time.ts';
import { listStaff } from '../staff/staff.api.ts';
import { registerComplaint } from './complaints.api.ts';
import { defaultSeqs } from './complaints-format.ts';
import { CategoryFields, StaffFields } from './ComplaintForm.tsx';

const SHOWN = 20;

/**
 * One click from the chat (issue 15): registers a complaint from the open conversation, the
 * buyer, the order and the agent filled in, the last messages ticked to be attached (the
 * complaint page shows them as excerpts that open the chat at each one).
 */
export function ComplaintFromChat({ summary, messages, me, onDone, onCancel }: { summary: ConversationSummary; messages: readonly ChatMessage[]; me: number; onDone(made: Complaint): void; onCancel(): void }) {
  const { t } = useTranslation();
  const shown = messages.slice(-SHOWN);
  const [staff, setStaff] = useState<Staff[]>([]);
  const [picked, setPicked] = useState<number[]>(() => defaultSeqs(shown.map((m) => m.seq)));
  const [category, setCategory] = useState<NewComplaint['category']>('attitude');
  const [severity, setSeverity] = useState<NewComplaint['severity']>('normal');
  const [staffId, setStaffId] = useState(summary.agentId === null ? '' : String(summary.agentId));
  const [handlerId, setHandlerId] = useState(String(me));
  const [description, setDescription] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    listStaff().then((all) => setStaff(all.filter((s) => s.active)), setError);
  }, []);

  const toggle = (seq: number) => setPicked((current) => (current.includes(seq) ? current.filter((s) => s !== seq) : [...current, seq].sort((a, b) => a - b)));

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const made = await registerComplaint({
        source: 'chat',
        conversationId: summary.id,
        buyerId: summary.buyerId,
        ...(summary.orderNo ? { orderNo: summary.orderNo } : {}),
        ...(staffId ? { staffId: Number(staffId) } : {}),
        category,
        severity,
        handlerId: Number(handlerId),
        description: description.trim(),
        messageSeqs: picked,
      });
      onDone(made);
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  }

  return (
    <form className="transfer-dialog panel complaint-from-chat" onSubmit={onSubmit} aria-labelledby="complaint-chat-title" data-testid="complaint-from-chat">
      <h2 id="complaint-chat-title">{t('complaints.fromChat.title')}</h2>
      <div className="form-grid">
        <CategoryFields category={category} severity={severity} onCategory={setCategory} onSeverity={setSeverity} />
        <StaffFields staff={staff} staffId={staffId} handlerId={handlerId} onStaff={setStaffId} onHandler={setHandlerId} />
      </div>
      <label className="field">
        <span>{t('complaints.form.description')}</span>
        <textarea required rows={2} maxLength={2000} value={description} onChange={(e) => setDescription(e.target.value)} data-testid="complaint-description" />
      </label>
      <fieldset className="field complaint-pick">
        <legend>{t('complaints.fromChat.messages')}</legend>
        {shown.length === 0 ? <p className="muted small">{t('complaints.fromChat.none')}</p> : null}
        {shown.map((m) => (
          <label key={m.seq} className="complaint-pick-item">
            <input type="checkbox" checked={picked.includes(m.seq)} onChange={() => toggle(m.seq)} data-testid={`complaint-pick-${m.seq}`} />
            <span className="small muted">{m.sender === 'buyer' ? t('complaints.detail.buyerSays') : (m.staffName ?? '')} {formatShopDateTime(m.createdAt)}</span>
            <span className="complaint-pick-text">{m.kind === 'image' ? t('complaints.detail.imageExcerpt') : m.text}</span>
          </label>
        ))}
      </fieldset>
      <FormErrors problem={null} error={error} testId="complaint-chat-error" />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy || staff.length === 0} data-testid="complaint-chat-submit">
          {t('complaints.fromChat.submit')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('complaints.form.close')}
        </button>
      </div>
    </form>
  );
}
