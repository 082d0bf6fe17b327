/**
 * Requests to the warehouse (仓库; docs/orders.md "Requests to the warehouse"): an agent asks
 * the clerks to check stock (售前 ⑨), hand back the documents or the packed parcel of a changed
 * order (售前 ⑥), or find a parcel (rule 12). The request is an alert for the audience
 * `warehouse` on the one alert channel: claimed by one clerk, done with a reply that reaches
 * the agent live. What rule 12 requires (buyer ID, receiver, address, order) is copied from
 * the order and the whole text signed and dated by the console (rule 13), never typed.
 */
import type { DataSource } from 'typeorm';
import { AppError } from '@kefu/shared/errors';
import { signature } from '@kefu/shared/domain/orders/notes';
import { formatAddress } from '@kefu/shared/domain/orders/receiver';
import { warehouseRequestAllowed, warehouseRequestSummary } from '@kefu/shared/domain/orders/warehouse';
import type { Alert, NewWarehouseRequest } from '@kefu/shared/schemas/alerts';
import { alertsRepository } from '../alerts/alerts.repository.ts';
import { presentAlert, type AlertsService } from '../alerts/alerts.service.ts';
import { audit } from '../audit/audit.service.ts';
import type { Actor } from '../../platform/http.ts';
import { transactionWithRetry } from '../../platform/db.ts';
import { ordersRepository } from './orders.repository.ts';

export class WarehouseRequestsService {
  constructor(
    private readonly db: DataSource,
    private readonly alerts: AlertsService,
    private readonly clock: () => Date,
    private readonly tz: string,
  ) {}

  async request(orderNo: string, input: NewWarehouseRequest, actor: Actor): Promise<Alert> {
    const now = this.clock();
    const id = await transactionWithRetry(this.db, async (tx) => {
      const order = await ordersRepository.findByNo(tx, orderNo);
      if (!order) throw new AppError('not_found', `No order ${orderNo}`);
      if (!warehouseRequestAllowed(input.kind, order.status)) {
        throw new AppError('conflict', `Order ${orderNo} is ${order.status}: a ${input.kind} request does not apply`, { reason: 'request_not_for_status', kind: input.kind, status: order.status });
      }
      // Rule 12: the clerk needs the buyer's ID, name and address; an order without them is completed first.
      if (!order.receiverName || !order.receiverProvince || !order.receiverCity || !order.receiverStreet) {
        throw new AppError('conflict', `Order ${orderNo} has no receiver yet: record the receiver's name and address first`, { reason: 'receiver_missing' });
      }
      const address = formatAddress({ province: order.receiverProvince, city: order.receiverCity, district: order.receiverDistrict ?? '', street: order.receiverStreet });
      const summary = warehouseRequestSummary(input.kind, { orderNo: order.orderNo, buyerId: order.buyerId, receiverName: order.receiverName, address, detail: input.detail });
      const alertId = await this.alerts.raise(tx, {
        orderId: order.id,
        orderNo: order.orderNo,
        buyerId: order.buyerId,
        changeId: null,
        audience: 'warehouse',
        kind: input.kind,
        summary,
        noteText: `${summary}${signature(actor.displayName, now, this.tz)}`,
        urgent: input.urgent,
        requestedBy: actor.id,
        createdAt: now,
      });
      await audit(tx, { actorId: actor.id, action: 'warehouse.request', entity: 'alert', entityId: String(alertId), details: { orderNo, kind: input.kind, urgent: input.urgent }, ip: actor.ip, at: now });
      return alertId;
    });
    await this.alerts.raised([id]);
    return presentAlert((await alertsRepository.find(this.db.manager, id))!);
  }
}
