import { ORDER_MOVERS, ORDER_READERS, ORDER_WRITERS } from '@kefu/shared/domain/orders/status';
import { NewOrder, OrderDetail, OrderMove, OrderNoParams, OrdersPage, OrdersQuery, ReceiverPhone } from '@kefu/shared/schemas/orders';
import type { Api } from '../../platform/http.ts';
import type { OrdersService } from './orders.service.ts';

const TAG = 'orders';

export function ordersRoutes(api: Api, orders: OrdersService): void {
  api.route(
    { method: 'get', path: '/api/orders', summary: 'Orders, newest first, by buyer, status or a part of the order, buyer or tracking number', tag: TAG, access: ORDER_READERS, query: OrdersQuery, response: OrdersPage },
    ({ query }) => orders.list(query),
  );
  api.route(
    { method: 'post', path: '/api/orders', summary: 'Record an order from the back office (unpaid or paid); a payment during a chat confirms it there', tag: TAG, access: ORDER_WRITERS, body: NewOrder, status: 201, response: OrderDetail },
    ({ body, actor }) => orders.create(body, actor),
  );
  api.route(
    { method: 'get', path: '/api/orders/:orderNo', summary: 'One order with its items and every move', tag: TAG, access: ORDER_READERS, params: OrderNoParams, response: OrderDetail },
    ({ params }) => orders.detail(params.orderNo),
  );
  api.route(
    {
      method: 'get',
      path: '/api/orders/:orderNo/receiver-phone',
      summary: "The receiver's full phone number: the supervisor and whoever handles a change on the order; every view is audited",
      tag: TAG,
      access: ORDER_READERS,
      params: OrderNoParams,
      response: ReceiverPhone,
    },
    ({ params, actor }) => orders.receiverPhone(params.orderNo, actor),
  );
  api.route(
    {
      method: 'post',
      path: '/api/orders/:orderNo/moves',
      summary: 'Move an order on (paid, printed, packed, shipped with courier and tracking number, delivered, cancelled with a note); guarded by its version',
      tag: TAG,
      access: ORDER_MOVERS,
      params: OrderNoParams,
      body: OrderMove,
      response: OrderDetail,
    },
    ({ params, body, actor }) => orders.move(params.orderNo, body, actor),
  );
}
