import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 10, part 2: the exchange's way out (docs/recall.md "Exchanges shipped"): who printed
 * its waybill and on which shop day (the day's exchange batch label), the tracking number
 * entered, the buyer told in chat, and the follow-up that checks the exchange arrived. One row
 * per after-sale case; the case itself records the tracking number through the aftersale service.
 */
export class ExchangeShipments1733961600001 implements MigrationInterface {
  name = 'ExchangeShipments1733961600001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE exchange_shipment (
      case_id INT NOT NULL,
      order_id INT NOT NULL,
      order_no VARCHAR(32) NOT NULL,
      buyer_id VARCHAR(64) NOT NULL,
      agent_id INT NOT NULL,
      printed_by INT NULL,
      printed_at DATETIME(3) NULL,
      print_day CHAR(10) NULL,
      courier VARCHAR(40) NULL,
      tracking_no VARCHAR(40) NULL,
      shipped_by INT NULL,
      shipped_at DATETIME(3) NULL,
      told_by INT NULL,
      told_at DATETIME(3) NULL,
      follow_up_on CHAR(10) NULL,
      followed_up_by INT NULL,
      followed_up_at DATETIME(3) NULL,
      follow_up_note VARCHAR(500) NULL,
      version INT NOT NULL DEFAULT 1,
      PRIMARY KEY (case_id),
      KEY ix_exchange_shipment_day (print_day),
      KEY ix_exchange_shipment_shipped (shipped_at),
      CONSTRAINT fk_exchange_shipment_case FOREIGN KEY (case_id) REFERENCES after_sale_case (id),
      CONSTRAINT fk_exchange_shipment_order FOREIGN KEY (order_id) REFERENCES shop_order (id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE exchange_shipment');
  }
}
