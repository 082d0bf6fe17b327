import { OrderNo, SignedBuyerSession, type Buyer } from '@kefu/shared/schemas/chat';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api.ts';
import { ApiErrorMessage, FormErrors } from '../../lib/ApiErrorMessage.tsx';
import { BuyerChat, type BuyerChatEnd } from './BuyerChat.tsx';
import { currentBuyer, endBuyerSession, startBuyerSession, startSignedBuyerSession } from './chat.api.ts';

type LinkRefusal = 'link_bad_signature' | 'link_stale' | 'link_future';
/** What a lost session leaves behind: who the buyer was and what they were typing. */
type Lost = { buyer: Buyer; draft: string };
type Session =
  | { status: 'loading' }
  | { status: 'anonymous'; lost?: Lost }
  | { status: 'chatting'; buyer: Buyer; draft?: string }
  | { status: 'unreachable'; error: unknown }
  | { status: 'refused'; reason: LinkRefusal };

const REFUSAL_TEXT = {
  link_bad_signature: 'buyerChat.linkBadSignature',
  link_stale: 'buyerChat.linkStale',
  link_future: 'buyerChat.linkFuture',
} as const satisfies Record<LinkRefusal, string>;

/**
 * The shop's signed link (`?buyer=…&ts=…&sig=…`, issue 11): null when the page was opened
 * without one, 'malformed' when its parts are there but unreadable.
 */
export function signedLinkOf(search: string): SignedBuyerSession | 'malformed' | null {
  const params = new URLSearchParams(search);
  if (!params.has('buyer') && !params.has('sig')) return null;
  const orderNo = params.get('orderNo');
  const parsed = SignedBuyerSession.safeParse({
    buyer: params.get('buyer') ?? '',
    ts: Number(params.get('ts') ?? ''),
    sig: params.get('sig') ?? '',
    ...(orderNo ? { orderNo } : {}),
  });
  return parsed.success ? parsed.data : 'malformed';
}

function refusalOf(error: unknown): LinkRefusal | null {
  if (!(error instanceof ApiError)) return null;
  if (error.status === 400) return 'link_bad_signature';
  const reason = (error.details as { reason?: unknown } | undefined)?.reason;
  return reason === 'link_bad_signature' || reason === 'link_stale' || reason === 'link_future' ? reason : null;
}

/** /chat — the buyers' page (public, phone-sized first): who they are, then the chat with the shop. */
export function BuyerChatPage() {
  const { t } = useTranslation();
  const [session, setSession] = useState<Session>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  // The tab's title is the shop's service, not the staff console's.
  useEffect(() => {
    const title = t('buyerChat.title');
    document.title = title;
  }, [t]);

  useEffect(() => {
    let cancelled = false;
    const link = signedLinkOf(window.location.search);
    if (link === 'malformed') {
      setSession({ status: 'refused', reason: 'link_bad_signature' });
      return;
    }
    const start = link
      ? startSignedBuyerSession(link).then((buyer) => {
          // The link has done its work (the cookie holds the session); a reload must not replay a stale one.
          window.history.replaceState(null, '', window.location.pathname);
          return buyer;
        })
      : currentBuyer();
    start.then(
      (buyer) => !cancelled && setSession({ status: 'chatting', buyer }),
      (error: unknown) => {
        if (cancelled) return;
        const refusal = link ? refusalOf(error) : null;
        if (refusal) setSession({ status: 'refused', reason: refusal });
        else if (error instanceof ApiError && error.status === 401) setSession({ status: 'anonymous' });
        else setSession({ status: 'unreachable', error });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [attempt]);

  function continueAsVisitor() {
    window.history.replaceState(null, '', window.location.pathname);
    setSession({ status: 'anonymous' });
  }

  async function leave() {
    try {
      await endBuyerSession();
    } catch {
      // already gone on the server: gone here too
    }
    setSession({ status: 'anonymous' });
  }

  return (
    <div className={session.status === 'chatting' ? 'buyer-page buyer-page-chatting' : 'buyer-page'} data-testid="buyer-page">
      <header className="buyer-header">
        <div className="buyer-header-title">{t('buyerChat.title')}</div>
        {session.status === 'chatting' ? (
          <div className="buyer-header-who">
            <span className="small" data-testid="buyer-id">
              {session.buyer.name}
            </span>
            <span className={`buyer-identity-tag${session.buyer.verified ? ' buyer-identity-verified' : ''}`} data-testid="buyer-identity">
              {session.buyer.verified ? t('buyerChat.verified') : t('buyerChat.visitor')}
            </span>
            <button type="button" className="button button-ghost button-small" onClick={() => void leave()} data-testid="buyer-leave">
              {t('buyerChat.leave')}
            </button>
          </div>
        ) : null}
      </header>
      {session.status === 'loading' ? <p className="buyer-center muted">{t('app.loading')}</p> : null}
      {session.status === 'unreachable' ? (
        <div className="buyer-center">
          <ApiErrorMessage error={session.error} />
          <button type="button" className="button" onClick={() => setAttempt((n) => n + 1)}>
            {t('app.retry')}
          </button>
        </div>
      ) : null}
      {session.status === 'refused' ? (
        <div className="buyer-center">
          <div className="notice notice-error" role="alert" data-testid="buyer-link-refused">
            {t(REFUSAL_TEXT[session.reason])}
          </div>
          <button type="button" className="button" onClick={continueAsVisitor} data-testid="buyer-continue-visitor">
            {t('buyerChat.continueAsVisitor')}
          </button>
        </div>
      ) : null}
      {session.status === 'anonymous' ? (
        <BuyerStartForm lost={session.lost} onStarted={(buyer) => setSession({ status: 'chatting', buyer, draft: session.lost?.draft ?? '' })} />
      ) : null}
      {session.status === 'chatting' ? (
        <BuyerChat
          key={session.buyer.buyerId}
          buyer={session.buyer}
          initialDraft={session.draft ?? ''}
          onEnded={(end: BuyerChatEnd) => setSession(end.reason === 'lost' ? { status: 'anonymous', lost: { buyer: session.buyer, draft: end.draft } } : { status: 'anonymous' })}
        />
      ) : null}
    </div>
  );
}

function BuyerStartForm({ lost, onStarted }: { lost?: Lost | undefined; onStarted(buyer: Buyer): void }) {
  const { t } = useTranslation();
  const [buyerId, setBuyerId] = useState(lost?.buyer.name ?? '');
  const [orderNo, setOrderNo] = useState(lost?.buyer.orderNo ?? '');
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [problem, setProblem] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setProblem(null);
    const order = orderNo.trim();
    if (order && !OrderNo.safeParse(order).success) return setProblem(t('buyerChat.orderNoInvalid'));
    setSubmitting(true);
    try {
      onStarted(await startBuyerSession({ buyerId: buyerId.trim(), ...(order ? { orderNo: order } : {}) }));
    } catch (caught) {
      setError(caught);
      setSubmitting(false);
    }
  }

  return (
    <form className="buyer-start card" onSubmit={onSubmit} data-testid="buyer-start-form">
      <h1>{t('buyerChat.startTitle')}</h1>
      {lost ? (
        <div className="notice notice-warning" role="alert" data-testid="buyer-session-lost">
          <strong>{t('buyerChat.sessionLostTitle')}</strong>
          <p className="small">{lost.draft.trim() ? t('buyerChat.sessionLostKept') : t('buyerChat.sessionLost')}</p>
        </div>
      ) : null}
      <p className="muted small">{t('buyerChat.startHint')}</p>
      <FormErrors problem={problem} error={error} testId="buyer-start-error" />
      <label className="field">
        <span>{t('buyerChat.nickname')}</span>
        <input
          required
          maxLength={64}
          autoComplete="nickname"
          value={buyerId}
          onChange={(e) => setBuyerId(e.target.value)}
          placeholder={t('buyerChat.nicknamePlaceholder')}
          data-testid="buyer-nickname"
        />
      </label>
      <label className="field">
        <span>{t('buyerChat.orderNo')}</span>
        <input
          maxLength={32}
          value={orderNo}
          onChange={(e) => setOrderNo(e.target.value)}
          placeholder={t('buyerChat.orderNoPlaceholder')}
          data-testid="buyer-order-no"
        />
      </label>
      <button type="submit" className="button button-primary button-block" disabled={submitting || !buyerId.trim()} data-testid="buyer-start">
        {submitting ? t('buyerChat.starting') : lost ? t('buyerChat.startAgain') : t('buyerChat.start')}
      </button>
    </form>
  );
}
