import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 10: the after-sale registry (售后登记表) on the existing `after_sale_case` table.
 * - The case links to the chat it came from and records the quality problem and where it is
 *   (A03), lining/insole (A04's exemption), who pays postage each way (A02), the return's
 *   courier and tracking number with who entered it when (A01), the wanted item of an
 *   exchange, the postage the buyer advanced and its refund, the exchange's tracking number,
 *   the warehouse's inspection, a rejection's reason and the supervisor's early-ship approval.
 * - More states than open/closed: a case stays "active" (one per order, routes the buyer's
 *   chat to after-sale) until closed or rejected, so `open_order_id` is redefined.
 * - Photos (chat images of this buyer), checklist ticks (A05–A07, each linked to the chat
 *   message that said it) and the case's story (every step: what, who, when, details).
 */
export class AftersaleRegistry1733875200000 implements MigrationInterface {
  name = 'AftersaleRegistry1733875200000';

  async up(q: QueryRunner): Promise<void> {
    const table = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';
    await q.query('ALTER TABLE after_sale_case DROP INDEX uq_after_sale_case_open_order');
    await q.query('ALTER TABLE after_sale_case DROP COLUMN open_order_id');
    await q.query(`ALTER TABLE after_sale_case
      ADD COLUMN conversation_id INT NULL,
      ADD COLUMN quality TINYINT(1) NOT NULL DEFAULT 0,
      ADD COLUMN quality_location VARCHAR(200) NULL,
      ADD COLUMN lining_insole TINYINT(1) NOT NULL DEFAULT 0,
      ADD COLUMN return_postage_payer VARCHAR(8) NULL,
      ADD COLUMN resend_postage_payer VARCHAR(8) NULL,
      ADD COLUMN return_courier VARCHAR(40) NULL,
      ADD COLUMN return_tracking_no VARCHAR(40) NULL,
      ADD COLUMN return_tracking_message_id BIGINT NULL,
      ADD COLUMN return_tracking_entered_at DATETIME(3) NULL,
      ADD COLUMN return_tracking_entered_by INT NULL,
      ADD COLUMN wanted_color VARCHAR(40) NULL,
      ADD COLUMN wanted_size VARCHAR(20) NULL,
      ADD COLUMN postage_advanced_fen INT NULL,
      ADD COLUMN postage_refunded_at DATETIME(3) NULL,
      ADD COLUMN postage_refunded_by INT NULL,
      ADD COLUMN received_at DATETIME(3) NULL,
      ADD COLUMN received_by INT NULL,
      ADD COLUMN inspection_result VARCHAR(16) NULL,
      ADD COLUMN inspection_note VARCHAR(500) NULL,
      ADD COLUMN card_present TINYINT(1) NULL,
      ADD COLUMN refunded_at DATETIME(3) NULL,
      ADD COLUMN refunded_by INT NULL,
      ADD COLUMN exchange_courier VARCHAR(40) NULL,
      ADD COLUMN exchange_tracking_no VARCHAR(40) NULL,
      ADD COLUMN exchange_shipped_at DATETIME(3) NULL,
      ADD COLUMN exchange_shipped_by INT NULL,
      ADD COLUMN rejected_reason VARCHAR(500) NULL,
      ADD COLUMN early_ship_approved_by INT NULL,
      ADD COLUMN early_ship_approved_at DATETIME(3) NULL,
      ADD COLUMN early_ship_reason VARCHAR(500) NULL,
      ADD COLUMN open_order_id INT AS (IF(status IN ('closed', 'rejected'), NULL, order_id)) STORED,
      ADD UNIQUE KEY uq_after_sale_case_open_order (open_order_id),
      ADD KEY ix_after_sale_case_return_tracking (return_tracking_no),
      ADD KEY ix_after_sale_case_exchange_tracking (exchange_tracking_no),
      ADD KEY ix_after_sale_case_opened (opened_at),
      ADD CONSTRAINT fk_after_sale_case_conversation FOREIGN KEY (conversation_id) REFERENCES chat_conversation (id),
      ADD CONSTRAINT fk_after_sale_case_tracking_by FOREIGN KEY (return_tracking_entered_by) REFERENCES staff (id),
      ADD CONSTRAINT fk_after_sale_case_received_by FOREIGN KEY (received_by) REFERENCES staff (id),
      ADD CONSTRAINT fk_after_sale_case_refunded_by FOREIGN KEY (refunded_by) REFERENCES staff (id),
      ADD CONSTRAINT fk_after_sale_case_postage_by FOREIGN KEY (postage_refunded_by) REFERENCES staff (id),
      ADD CONSTRAINT fk_after_sale_case_shipped_by FOREIGN KEY (exchange_shipped_by) REFERENCES staff (id),
      ADD CONSTRAINT fk_after_sale_case_approved_by FOREIGN KEY (early_ship_approved_by) REFERENCES staff (id)`);
    await q.query(`CREATE TABLE after_sale_case_photo (
      case_id INT NOT NULL,
      image_id VARCHAR(40) NOT NULL,
      added_by INT NOT NULL,
      added_at DATETIME(3) NOT NULL,
      PRIMARY KEY (case_id, image_id),
      CONSTRAINT fk_after_sale_case_photo_case FOREIGN KEY (case_id) REFERENCES after_sale_case (id),
      CONSTRAINT fk_after_sale_case_photo_image FOREIGN KEY (image_id) REFERENCES chat_image (id),
      CONSTRAINT fk_after_sale_case_photo_by FOREIGN KEY (added_by) REFERENCES staff (id)
    ) ${table}`);
    await q.query(`CREATE TABLE after_sale_case_tick (
      case_id INT NOT NULL,
      item VARCHAR(16) NOT NULL,
      message_id BIGINT NOT NULL,
      ticked_by INT NOT NULL,
      ticked_at DATETIME(3) NOT NULL,
      PRIMARY KEY (case_id, item),
      CONSTRAINT fk_after_sale_case_tick_case FOREIGN KEY (case_id) REFERENCES after_sale_case (id),
      CONSTRAINT fk_after_sale_case_tick_message FOREIGN KEY (message_id) REFERENCES chat_message (id),
      CONSTRAINT fk_after_sale_case_tick_by FOREIGN KEY (ticked_by) REFERENCES staff (id)
    ) ${table}`);
    await q.query(`CREATE TABLE after_sale_case_event (
      id INT NOT NULL AUTO_INCREMENT,
      case_id INT NOT NULL,
      what VARCHAR(24) NOT NULL,
      by_staff_id INT NOT NULL,
      at DATETIME(3) NOT NULL,
      payload TEXT NULL,
      PRIMARY KEY (id),
      KEY ix_after_sale_case_event_case (case_id, id),
      KEY ix_after_sale_case_event_what (what, at),
      CONSTRAINT fk_after_sale_case_event_case FOREIGN KEY (case_id) REFERENCES after_sale_case (id),
      CONSTRAINT fk_after_sale_case_event_by FOREIGN KEY (by_staff_id) REFERENCES staff (id)
    ) ${table}`);
    // Cases opened before the registry: their story starts with how they were opened (and closed).
    await q.query(`INSERT INTO after_sale_case_event (case_id, what, by_staff_id, at, payload)
      SELECT id, 'opened', opened_by, opened_at, NULL FROM after_sale_case`);
    await q.query(`INSERT INTO after_sale_case_event (case_id, what, by_staff_id, at, payload)
      SELECT id, 'closed', closed_by, closed_at, NULL FROM after_sale_case WHERE status = 'closed' AND closed_by IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE after_sale_case_event');
    await q.query('DROP TABLE after_sale_case_tick');
    await q.query('DROP TABLE after_sale_case_photo');
    await q.query("UPDATE after_sale_case SET status = 'closed' WHERE status = 'rejected'");
    await q.query("UPDATE after_sale_case SET status = 'open' WHERE status NOT IN ('open', 'closed')");
    await q.query('ALTER TABLE after_sale_case DROP INDEX uq_after_sale_case_open_order');
    for (const fk of ['conversation', 'tracking_by', 'received_by', 'refunded_by', 'postage_by', 'shipped_by', 'approved_by']) {
      await q.query(`ALTER TABLE after_sale_case DROP FOREIGN KEY fk_after_sale_case_${fk}`);
    }
    await q.query(`ALTER TABLE after_sale_case
      DROP INDEX ix_after_sale_case_return_tracking, DROP INDEX ix_after_sale_case_exchange_tracking, DROP INDEX ix_after_sale_case_opened,
      DROP COLUMN open_order_id, DROP COLUMN conversation_id, DROP COLUMN quality, DROP COLUMN quality_location, DROP COLUMN lining_insole,
      DROP COLUMN return_postage_payer, DROP COLUMN resend_postage_payer, DROP COLUMN return_courier, DROP COLUMN return_tracking_no,
      DROP COLUMN return_tracking_message_id, DROP COLUMN return_tracking_entered_at, DROP COLUMN return_tracking_entered_by,
      DROP COLUMN wanted_color, DROP COLUMN wanted_size, DROP COLUMN postage_advanced_fen, DROP COLUMN postage_refunded_at,
      DROP COLUMN postage_refunded_by, DROP COLUMN received_at, DROP COLUMN received_by, DROP COLUMN inspection_result,
      DROP COLUMN inspection_note, DROP COLUMN card_present, DROP COLUMN refunded_at, DROP COLUMN refunded_by,
      DROP COLUMN exchange_courier, DROP COLUMN exchange_tracking_no, DROP COLUMN exchange_shipped_at, DROP COLUMN exchange_shipped_by,
      DROP COLUMN rejected_reason, DROP COLUMN early_ship_approved_by, DROP COLUMN early_ship_approved_at, DROP COLUMN early_ship_reason`);
    await q.query("ALTER TABLE after_sale_case ADD COLUMN open_order_id INT AS (IF(status = 'open', order_id, NULL)) STORED, ADD UNIQUE KEY uq_after_sale_case_open_order (open_order_id)");
  }
}
