import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 11: a number a buyer types that is one of the shop's parcels' tracking numbers is
 * never flagged 查无此订单号. Each buyer message with an order-shaped number unknown as an
 * order looks its tracking numbers up: these indexes keep that a key lookup, not a scan
 * (the after-sale case's tracking columns have theirs since 1733875200000).
 */
export class TrackingLookup1735689600000 implements MigrationInterface {
  name = 'TrackingLookup1735689600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE shop_order ADD KEY ix_shop_order_tracking (tracking_no)');
    await q.query('ALTER TABLE shop_order_event ADD KEY ix_shop_order_event_tracking (tracking_no)');
    await q.query('ALTER TABLE exchange_shipment ADD KEY ix_exchange_shipment_tracking (tracking_no)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE exchange_shipment DROP KEY ix_exchange_shipment_tracking');
    await q.query('ALTER TABLE shop_order_event DROP KEY ix_shop_order_event_tracking');
    await q.query('ALTER TABLE shop_order DROP KEY ix_shop_order_tracking');
  }
}
