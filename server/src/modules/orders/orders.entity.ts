import { EntitySchema } from 'typeorm';
import type { OrderStatus } from '@kefu/shared/domain/orders/status';
import { instant } from '../../platform/columns.ts';

/** An order of the shop, as recorded from the marketplace's back office (docs/orders.md). */
export interface OrderRow {
  id: number;
  orderNo: string;
  buyerId: string;
  status: OrderStatus;
  totalFen: number;
  placedAt: Date;
  paidAt: Date | null;
  shippedAt: Date | null;
  deliveredAt: Date | null;
  cancelledAt: Date | null;
  courier: string | null;
  trackingNo: string | null;
  createdBy: number;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

export interface OrderItemRow {
  orderId: number;
  lineNo: number;
  title: string;
  sku: string | null;
  quantity: number;
  priceFen: number;
  inStock: boolean;
}

/** One move of an order (from NULL: recorded); never edited. */
export interface OrderEventRow {
  id: number;
  orderId: number;
  fromStatus: OrderStatus | null;
  toStatus: OrderStatus;
  courier: string | null;
  trackingNo: string | null;
  note: string | null;
  staffId: number;
  at: Date;
}


export const OrderEntity = new EntitySchema<OrderRow>({
  name: 'ShopOrder',
  tableName: 'shop_order',
  columns: {
    id: { type: 'int', primary: true, generated: 'increment' },
    orderNo: { name: 'order_no', type: 'varchar', length: 32, unique: true },
    buyerId: { name: 'buyer_id', type: 'varchar', length: 64 },
    status: { type: 'varchar', length: 16 },
    totalFen: { name: 'total_fen', type: 'int' },
    placedAt: instant('placed_at'),
    paidAt: instant('paid_at', { nullable: true }),
    shippedAt: instant('shipped_at', { nullable: true }),
    deliveredAt: instant('delivered_at', { nullable: true }),
    cancelledAt: instant('cancelled_at', { nullable: true }),
    courier: { type: 'varchar', length: 40, nullable: true },
    trackingNo: { name: 'tracking_no', type: 'varchar', length: 40, nullable: true },
    createdBy: { name: 'created_by', type: 'int' },
    createdAt: instant('created_at'),
    updatedAt: instant('updated_at'),
    version: { type: 'int', default: 1 },
  },
});

export const OrderItemEntity = new EntitySchema<OrderItemRow>({
  name: 'ShopOrderItem',
  tableName: 'shop_order_item',
  columns: {
    orderId: { name: 'order_id', type: 'int', primary: true },
    lineNo: { name: 'line_no', type: 'smallint', primary: true },
    title: { type: 'varchar', length: 120 },
    sku: { type: 'varchar', length: 60, nullable: true },
    quantity: { type: 'smallint' },
    priceFen: { name: 'price_fen', type: 'int' },
    inStock: { name: 'in_stock', type: 'boolean' },
  },
});

export const OrderEventEntity = new EntitySchema<OrderEventRow>({
  name: 'ShopOrderEvent',
  tableName: 'shop_order_event',
  columns: {
    id: { type: 'int', primary: true, generated: 'increment' },
    orderId: { name: 'order_id', type: 'int' },
    fromStatus: { name: 'from_status', type: 'varchar', length: 16, nullable: true },
    toStatus: { name: 'to_status', type: 'varchar', length: 16 },
    courier: { type: 'varchar', length: 40, nullable: true },
    trackingNo: { name: 'tracking_no', type: 'varchar', length: 40, nullable: true },
    note: { type: 'varchar', length: 500, nullable: true },
    staffId: { name: 'staff_id', type: 'int' },
    at: instant(),
  },
});

export const orderEntities = [OrderEntity, OrderItemEntity, OrderEventEntity];
