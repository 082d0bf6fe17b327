import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The order registry and after-sale cases (docs/orders.md): what the chat's routing reads
 * (issue 5) and what the orders, notes and after-sale work grows on. Orders and cases are
 * never deleted; every move of an order is a row of its history. Times DATETIME(3) in UTC,
 * money INT fen.
 */
export class Orders1733184000000 implements MigrationInterface {
  name = 'Orders1733184000000';

  async up(q: QueryRunner): Promise<void> {
    const table = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';
    // version: bumped by every move, guarded by WHERE version = ? (two printers at once).
    await q.query(`CREATE TABLE shop_order (
      id INT NOT NULL AUTO_INCREMENT,
      order_no VARCHAR(32) NOT NULL,
      buyer_id VARCHAR(64) NOT NULL,
      status VARCHAR(16) NOT NULL,
      total_fen INT NOT NULL,
      placed_at DATETIME(3) NOT NULL,
      paid_at DATETIME(3) NULL,
      shipped_at DATETIME(3) NULL,
      delivered_at DATETIME(3) NULL,
      cancelled_at DATETIME(3) NULL,
      courier VARCHAR(40) NULL,
      tracking_no VARCHAR(40) NULL,
      created_by INT NOT NULL,
      created_at DATETIME(3) NOT NULL,
      updated_at DATETIME(3) NOT NULL,
      version INT NOT NULL DEFAULT 1,
      PRIMARY KEY (id),
      UNIQUE KEY uq_shop_order_no (order_no),
      KEY ix_shop_order_buyer (buyer_id, status, id),
      KEY ix_shop_order_status (status, id),
      CONSTRAINT fk_shop_order_created_by FOREIGN KEY (created_by) REFERENCES staff (id)
    ) ${table}`);
    await q.query(`CREATE TABLE shop_order_item (
      order_id INT NOT NULL,
      line_no SMALLINT NOT NULL,
      title VARCHAR(120) NOT NULL,
      sku VARCHAR(60) NULL,
      quantity SMALLINT NOT NULL,
      price_fen INT NOT NULL,
      in_stock TINYINT(1) NOT NULL,
      PRIMARY KEY (order_id, line_no),
      CONSTRAINT fk_shop_order_item_order FOREIGN KEY (order_id) REFERENCES shop_order (id)
    ) ${table}`);
    // from_status NULL: the order was recorded.
    await q.query(`CREATE TABLE shop_order_event (
      id INT NOT NULL AUTO_INCREMENT,
      order_id INT NOT NULL,
      from_status VARCHAR(16) NULL,
      to_status VARCHAR(16) NOT NULL,
      courier VARCHAR(40) NULL,
      tracking_no VARCHAR(40) NULL,
      note VARCHAR(500) NULL,
      staff_id INT NOT NULL,
      at DATETIME(3) NOT NULL,
      PRIMARY KEY (id),
      KEY ix_shop_order_event_order (order_id, id),
      CONSTRAINT fk_shop_order_event_order FOREIGN KEY (order_id) REFERENCES shop_order (id),
      CONSTRAINT fk_shop_order_event_staff FOREIGN KEY (staff_id) REFERENCES staff (id)
    ) ${table}`);
    // open_order_id: an order has at most one open case, even when two agents open one at once.
    await q.query(`CREATE TABLE after_sale_case (
      id INT NOT NULL AUTO_INCREMENT,
      order_id INT NOT NULL,
      order_no VARCHAR(32) NOT NULL,
      buyer_id VARCHAR(64) NOT NULL,
      kind VARCHAR(16) NOT NULL,
      status VARCHAR(16) NOT NULL,
      reason VARCHAR(500) NOT NULL,
      opened_by INT NOT NULL,
      opened_at DATETIME(3) NOT NULL,
      closed_by INT NULL,
      closed_at DATETIME(3) NULL,
      close_note VARCHAR(500) NULL,
      version INT NOT NULL DEFAULT 1,
      open_order_id INT AS (IF(status = 'open', order_id, NULL)) STORED,
      PRIMARY KEY (id),
      UNIQUE KEY uq_after_sale_case_open_order (open_order_id),
      KEY ix_after_sale_case_buyer (buyer_id, status),
      KEY ix_after_sale_case_status (status, id),
      KEY ix_after_sale_case_order (order_id),
      CONSTRAINT fk_after_sale_case_order FOREIGN KEY (order_id) REFERENCES shop_order (id),
      CONSTRAINT fk_after_sale_case_opened_by FOREIGN KEY (opened_by) REFERENCES staff (id),
      CONSTRAINT fk_after_sale_case_closed_by FOREIGN KEY (closed_by) REFERENCES staff (id)
    ) ${table}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE after_sale_case');
    await q.query('DROP TABLE shop_order_event');
    await q.query('DROP TABLE shop_order_item');
    await q.query('DROP TABLE shop_order');
  }
}
