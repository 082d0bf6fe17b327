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
  /** 收货人; null on orders recorded before the receiver was kept. */
  receiverName: string | null;
  /** Full; shown masked except to the supervisor and a change's handler (audited). */
  receiverPhone: string | null;
  receiverProvince: string | null;
  receiverCity: string | null;
  receiverDistrict: string | null;
  receiverStreet: string | null;
  /** 买家留言. */
  buyerMessage: string | null;
  placedAt: Date;
  paidAt: Date | null;
  shippedAt: Date | null;
  deliveredAt: Date | null;
  cancelledAt: Date | null;
  returnedAt: Date | null;
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
  colour: string | null;
  size: string | null;
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
    receiverName: { name: 'receiver_name', type: 'varchar', length: 40, nullable: true },
    receiverPhone: { name: 'receiver_phone', type: 'varchar', length: 24, nullable: true },
    receiverProvince: { name: 'receiver_province', type: 'varchar', length: 20, nullable: true },
    receiverCity: { name: 'receiver_city', type: 'varchar', length: 30, nullable: true },
    receiverDistrict: { name: 'receiver_district', type: 'varchar', length: 30, nullable: true },
    receiverStreet: { name: 'receiver_street', type: 'varchar', length: 200, nullable: true },
    buyerMessage: { name: 'buyer_message', type: 'varchar', length: 500, nullable: true },
    placedAt: instant('placed_at'),
    paidAt: instant('paid_at', { nullable: true }),
    shippedAt: instant('shipped_at', { nullable: true }),
    deliveredAt: instant('delivered_at', { nullable: true }),
    cancelledAt: instant('cancelled_at', { nullable: true }),
    returnedAt: instant('returned_at', { nullable: true }),
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
    colour: { type: 'varchar', length: 30, nullable: true },
    size: { type: 'varchar', length: 20, nullable: true },
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
