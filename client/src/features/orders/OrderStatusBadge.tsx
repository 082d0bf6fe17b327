import type { OrderStatus } from '@kefu/shared/domain/orders/status';
import { useTranslation } from 'react-i18next';

export function OrderStatusBadge({ status, testId }: { status: OrderStatus; testId?: string }) {
  const { t } = useTranslation();
  return (
    <span className={`badge order-badge order-badge-${status}`} data-testid={testId} data-status={status}>
      {t(`orders.status.${status}`)}
    </span>
  );
}
