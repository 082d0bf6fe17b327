/**
 * What chat routing reads about a buyer (chat.routing.ts `BuyerFacts`): a shipped order, an
 * order delivered within the after-sale period, or an open after-sale case sends the
 * buyer's new conversation to after-sale (domain.md "Chat"); whether a number a buyer types
 * is an order's or a known parcel's tracking number (the 查无此订单号 flag).
 */
import type { DataSource } from 'typeorm';
import { sendsBuyerToAfterSale } from '@kefu/shared/domain/orders/status';
import { aftersaleRepository } from '../aftersale/aftersale.repository.ts';
import type { BuyerFacts } from '../chat/chat.routing.ts';
import { ordersRepository } from './orders.repository.ts';

export function orderBuyerFacts(db: DataSource, clock: () => Date): BuyerFacts {
  return {
    async factsFor({ buyerId }) {
      const [candidate, hasOpenAfterSaleCase] = await Promise.all([ordersRepository.afterSaleCandidate(db.manager, buyerId), aftersaleRepository.hasOpenCase(db.manager, buyerId)]);
      return { hasShippedOrDeliveredOrder: candidate !== null && sendsBuyerToAfterSale(candidate, clock()), hasOpenAfterSaleCase };
    },
    async orderOwner(orderNo) {
      const order = await ordersRepository.findByNo(db.manager, orderNo);
      return order ? { buyerId: order.buyerId, receiverPhone: order.receiverPhone } : null;
    },
    async knownTrackingNos(numbers) {
      const found = await Promise.all([ordersRepository.trackingNosAmong(db.manager, numbers), aftersaleRepository.trackingNosAmong(db.manager, numbers)]);
      // Compared upper-cased: a buyer's typed number and the stored one may differ in case only.
      return new Set(found.flat().map((no) => no.toUpperCase()));
    },
  };
}
