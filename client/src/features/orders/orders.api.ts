import type { OrderStatus } from '@kefu/shared/domain/orders/status';
import { OrderDetail, OrdersPage, ReceiverPhone, type NewOrder, type OrderMove } from '@kefu/shared/schemas/orders';
import { api } from '../../lib/api.ts';

// The order registry's endpoints (docs/orders.md), one function each. Answers are parsed with
// the shared schemas, so a change in the server's shape fails loudly here.

export interface OrdersFilter {
  buyerId?: string;
  status?: OrderStatus;
  /** Part of an order number or of a buyer's nickname. */
  q?: string;
  before?: number;
  limit?: number;
}

const orderPath = (orderNo: string) => `/api/orders/${encodeURIComponent(orderNo)}`;

export async function listOrders(filter: OrdersFilter = {}): Promise<OrdersPage> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const query = params.toString();
  return OrdersPage.parse(await api.get(query ? `/api/orders?${query}` : '/api/orders'));
}

export const getOrder = async (orderNo: string) => OrderDetail.parse(await api.get(orderPath(orderNo)));
export const createOrder = async (order: NewOrder) => OrderDetail.parse(await api.post('/api/orders', order));
export const moveOrder = async (orderNo: string, move: OrderMove) => OrderDetail.parse(await api.post(`${orderPath(orderNo)}/moves`, move));
/** The receiver's full phone: allowed to the supervisor and a change's handler, and audited by the server. */
export const getReceiverPhone = async (orderNo: string) => ReceiverPhone.parse(await api.get(`${orderPath(orderNo)}/receiver-phone`));
