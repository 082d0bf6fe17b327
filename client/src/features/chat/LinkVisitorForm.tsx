import { BuyerId, OrderNo, type ConversationSummary } from '@kefu/shared/schemas/chat';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api.ts';
import { ApiErrorMessage } from '../../lib/ApiErrorMessage.tsx';
import { linkVisitor } from './chat.api.ts';

/**
 * 核实访客身份 (issue 11): the agent asks an anonymous visitor for an order number and the
 * buyer ID it was bought under; the server links them only when the order is that buyer's.
 * The refusal is shown in the console's language from its reason, not the server's words.
 */
export function LinkVisitorForm({ summary, onLinked }: { summary: ConversationSummary; onLinked(summary: ConversationSummary): void }) {
  const { t } = useTranslation();
  const [buyerId, setBuyerId] = useState(summary.linkedBuyerId ?? '');
  const [orderNo, setOrderNo] = useState('');
  const [phoneLast4, setPhoneLast4] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [problem, setProblem] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setProblem(null);
    const id = BuyerId.safeParse(buyerId);
    const order = OrderNo.safeParse(orderNo);
    const phone = phoneLast4.trim();
    if (!id.success || !order.success) return setProblem(t('buyerChat.orderNoInvalid'));
    if (phone && !/^\d{4}$/.test(phone)) return setProblem(t('chat.side.linkPhoneInvalid'));
    setBusy(true);
    try {
      onLinked(await linkVisitor(summary.id, { buyerId: id.data, orderNo: order.data, ...(phone ? { phoneLast4: phone } : {}) }));
      setOrderNo('');
      setPhoneLast4('');
    } catch (caught) {
      const reason = caught instanceof ApiError ? (caught.details as { reason?: string } | undefined)?.reason : undefined;
      if (reason === 'order_mismatch') setProblem(t('chat.side.linkMismatch'));
      else if (reason === 'not_a_visitor') setProblem(t('chat.side.linkNotVisitor'));
      else setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="side-section" data-testid="link-visitor">
      <h2>{t('chat.side.linkTitle')}</h2>
      <p className="muted small">{t('chat.side.linkHint')}</p>
      {summary.linkedBuyerId ? (
        <p className="small" data-testid="link-visitor-done">
          {t('chat.side.linked', { buyerId: summary.linkedBuyerId })}
        </p>
      ) : null}
      <form onSubmit={onSubmit} className="link-visitor-form">
        <label className="field">
          <span>{t('chat.side.linkBuyerId')}</span>
          <input value={buyerId} maxLength={64} onChange={(e) => setBuyerId(e.target.value)} data-testid="link-visitor-buyer" />
        </label>
        <label className="field">
          <span>{t('chat.side.linkOrderNo')}</span>
          <input value={orderNo} maxLength={32} onChange={(e) => setOrderNo(e.target.value)} className="mono" data-testid="link-visitor-order" />
        </label>
        <label className="field">
          <span>{t('chat.side.linkPhoneLast4')}</span>
          <input value={phoneLast4} maxLength={4} inputMode="numeric" onChange={(e) => setPhoneLast4(e.target.value)} className="mono" data-testid="link-visitor-phone" />
        </label>
        {problem ? (
          <div className="notice notice-error" role="alert" data-testid="link-visitor-error">
            {problem}
          </div>
        ) : null}
        {error ? <ApiErrorMessage error={error} testId="link-visitor-error" /> : null}
        <button type="submit" className="button button-small" disabled={busy || !buyerId.trim() || !orderNo.trim()} data-testid="link-visitor-submit">
          {busy ? t('chat.side.linking') : t('chat.side.link')}
        </button>
      </form>
    </section>
  );
}
