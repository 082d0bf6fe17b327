import type { OrderItem } from '@kefu/shared/schemas/orders';
import { useTranslation } from 'react-i18next';
import { itemLabel, itemsSummary } from './order-format.ts';

/** The first lines of an order in one line of text; every line in the tooltip. */
export function OrderItemsSummary({ items, shown = 2, testId }: { items: readonly OrderItem[]; shown?: number; testId?: string }) {
  const { t } = useTranslation();
  const { text, more } = itemsSummary(items, shown);
  return (
    <span className="order-items" title={items.map(itemLabel).join('\n')} data-testid={testId}>
      {text}
      {more > 0 ? <span className="muted">{t('orders.list.moreItems', { count: more })}</span> : null}
    </span>
  );
}
