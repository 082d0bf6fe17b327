import { useTranslation } from 'react-i18next';
import type { AckError } from '@kefu/shared/events';
import { ApiError } from '../../lib/api.ts';
import { ApiErrorMessage } from '../../lib/ApiErrorMessage.tsx';
import { isAckError } from '../../lib/outbox.ts';
import { ackErrorToApiError } from '../../lib/socket.ts';
import { chatTime } from './format.ts';
import type { PendingItem } from './pending.ts';

export type BubbleMark = 'pending' | 'failed' | 'read' | 'unread' | null;

interface Props {
  /** Right-aligned: written by the person looking at the screen (or their shop). */
  mine: boolean;
  senderName: string | null;
  kind: 'text' | 'image';
  text: string | null;
  imageUrl: string | null;
  createdAt: string | null;
  now: Date;
  mark: BubbleMark;
  /** Why it failed (an error ack's error, or an upload's ApiError). */
  error?: unknown;
  onRetry?(): void;
  onDiscard?(): void;
  onOpenImage(url: string): void;
  testId: string;
  seq?: number;
  /** The message a link pointed at (search results, evidence). */
  highlighted?: boolean;
  /** Order numbers the buyer typed here that no order has (issue 11; staff only). */
  unknownOrders?: readonly string[];
}

/** One message: text or photo, the time, and the pending / failed / read mark of one's own. */
export function MessageBubble(props: Props) {
  const { t } = useTranslation();
  const { mine, mark } = props;
  return (
    <div
      className={`bubble-row ${mine ? 'bubble-row-mine' : 'bubble-row-theirs'}${props.highlighted ? ' bubble-row-highlighted' : ''}`}
      aria-current={props.highlighted ? 'true' : undefined}
      data-testid={props.testId}
      data-seq={props.seq}
      data-mark={mark ?? undefined}
    >
      <div className="bubble-meta">
        {props.senderName ? <span className="bubble-sender">{props.senderName}</span> : null}
        {props.createdAt ? <time dateTime={props.createdAt}>{chatTime(props.createdAt, props.now)}</time> : null}
      </div>
      <div className={`bubble ${mine ? 'bubble-mine' : 'bubble-theirs'}${mark === 'pending' ? ' bubble-pending' : ''}`}>
        {props.kind === 'image' && props.imageUrl ? (
          <button type="button" className="bubble-image" onClick={() => props.onOpenImage(props.imageUrl!)} aria-label={t('chat.image.open')}>
            <img src={props.imageUrl} alt={t('chat.image.alt')} loading="lazy" data-testid="bubble-image" />
          </button>
        ) : (
          <span className="bubble-text" data-testid="bubble-text">
            {props.text}
          </span>
        )}
      </div>
      {props.unknownOrders?.length ? (
        <div className="bubble-flag small" role="note" data-testid="bubble-unknown-orders">
          {t('chat.bubble.unknownOrders', { orderNos: props.unknownOrders.join('、') })}
        </div>
      ) : null}
      {mine && mark ? (
        <div className={`bubble-mark bubble-mark-${mark}`} data-testid="bubble-mark">
          {mark === 'pending' ? <span className="spinner" aria-hidden="true" /> : null}
          {t(`chat.bubble.${mark}`)}
          {mark === 'failed' ? (
            <>
              {props.onRetry ? (
                <button type="button" className="link-button" onClick={props.onRetry} data-testid="bubble-retry">
                  {t('chat.bubble.retry')}
                </button>
              ) : null}
              {props.onDiscard ? (
                <button type="button" className="link-button" onClick={props.onDiscard}>
                  {t('chat.bubble.discard')}
                </button>
              ) : null}
            </>
          ) : null}
        </div>
      ) : null}
      {mine && mark === 'failed' && props.error ? <FailReason error={props.error} /> : null}
    </div>
  );
}

function FailReason({ error }: { error: unknown }) {
  const shown = error instanceof ApiError || !isAckError({ error }) ? error : ackErrorToApiError(error as AckError['error']);
  return (
    <div className="bubble-fail-reason">
      <ApiErrorMessage error={shown} />
    </div>
  );
}

/** One's own messages the server has not stored yet, each with its pending or failed mark. */
export function PendingBubbles({
  items,
  senderName,
  now,
  onRetry,
  onDiscard,
  onOpenImage,
}: {
  items: readonly PendingItem[];
  senderName: string | null;
  now: Date;
  onRetry(clientId: string): void;
  onDiscard(clientId: string): void;
  onOpenImage(url: string): void;
}) {
  return (
    <>
      {items.map((item) => (
        <MessageBubble
          key={item.clientId}
          testId={`message-${item.clientId}`}
          mine
          senderName={senderName}
          kind={item.kind}
          text={item.text}
          imageUrl={item.imageUrl}
          createdAt={null}
          now={now}
          mark={item.state === 'failed' ? 'failed' : 'pending'}
          error={item.error}
          onRetry={() => onRetry(item.clientId)}
          onDiscard={() => onDiscard(item.clientId)}
          onOpenImage={onOpenImage}
        />
      ))}
    </>
  );
}
