/** Test data for orders and after-sale cases, made through the API as staff would. */
import { expect } from 'vitest';
import type { OrderStatus } from '@kefu/shared/domain/orders/status';
import type { TestClient } from '../../testing/http-client.ts';

let counter = 0;
/** A fresh order number (letters, digits, -). */
export function orderNo(prefix = 'T'): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${counter}`.toUpperCase().slice(0, 32);
}

export const SHOE = { title: '真皮休闲鞋', colour: '黑色', size: '38', quantity: 1, priceFen: 29_900, inStock: true };
/** A receiver as the API takes it: the address may be one line. */
export const RECEIVER = { name: '张三', phone: '13812345678', address: '浙江省杭州市西湖区文三路100号' };

/** The path from paid to each status, as the printers walk it. */
const PATH: Record<OrderStatus, OrderStatus[]> = {
  unpaid: [],
  paid: [],
  printed: ['printed'],
  packed: ['printed', 'packed'],
  shipped: ['printed', 'packed', 'shipped'],
  delivered: ['printed', 'packed', 'shipped', 'delivered'],
  cancelled: ['cancelled'],
  returned: ['printed', 'packed', 'shipped', 'returned'],
};

/**
 * Records a paid order for `buyerId` (as `writer`) and moves it to `status` (as `mover`,
 * who must hold the roles for every step: the supervisor does). Returns the order.
 */
export async function orderAt(
  clients: { writer: TestClient; mover?: TestClient },
  buyerId: string,
  status: OrderStatus,
  extra: Record<string, unknown> = {},
): Promise<{ orderNo: string; version: number; status: OrderStatus; [key: string]: unknown }> {
  const created = await clients.writer.post('/api/orders', { orderNo: orderNo(), buyerId, items: [SHOE], status: status === 'unpaid' ? 'unpaid' : 'paid', ...extra });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  let order = created.body;
  for (const to of PATH[status]) {
    const body = { to, version: order.version, ...(to === 'shipped' ? { courier: '中通快递', trackingNo: `ZT${Date.now()}` } : {}), ...(to === 'cancelled' ? { note: '买家不要了' } : {}) };
    const moved = await (clients.mover ?? clients.writer).post(`/api/orders/${order.orderNo}/moves`, body);
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    order = moved.body;
  }
  return order;
}
