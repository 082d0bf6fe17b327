import type { Order } from '@kefu/shared/schemas/orders';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorMessage } from '../../lib/ApiErrorMessage.tsx';
import { getReceiverPhone } from './orders.api.ts';

/**
 * The receiver, the address in one line and the buyer's message. The phone is masked
 * (138****5678); who may see it whole (the supervisor, a change's handler) asks for it with a
 * click, and the server records each view (保密制度 4).
 */
export function OrderReceiver({ order, mayReveal, compact = false }: { order: Pick<Order, 'orderNo' | 'receiver' | 'buyerMessage'>; mayReveal: boolean; compact?: boolean }) {
  const { t } = useTranslation();
  const [phone, setPhone] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const receiver = order.receiver;
  const reveal = () => {
    setError(null);
    getReceiverPhone(order.orderNo).then((shown) => setPhone(shown.phone), setError);
  };
  return (
    <div className={compact ? 'order-receiver small' : 'order-receiver'} data-testid={`order-receiver-${order.orderNo}`}>
      {receiver ? (
        <>
          <div>
            <span className="muted">{t('orders.detail.receiver')}</span> <strong data-testid="receiver-name">{receiver.name}</strong>{' '}
            <span className="mono" data-testid="receiver-phone" title={phone ? t('orders.detail.phoneShown') : undefined}>
              {phone ?? receiver.phone}
            </span>{' '}
            {mayReveal && phone === null ? (
              <button type="button" className="button button-small button-ghost" onClick={reveal} data-testid="receiver-phone-reveal">
                {t('orders.detail.showPhone')}
              </button>
            ) : null}
          </div>
          <div data-testid="receiver-address">
            <span className="muted">{t('orders.detail.address')}</span> {receiver.addressText}
          </div>
        </>
      ) : (
        <div className="muted">{t('orders.detail.noReceiver')}</div>
      )}
      {order.buyerMessage ? (
        <div data-testid="buyer-message">
          <span className="muted">{t('orders.detail.buyerMessage')}</span> {order.buyerMessage}
        </div>
      ) : null}
      {error ? <ApiErrorMessage error={error} testId="receiver-phone-error" /> : null}
    </div>
  );
}
