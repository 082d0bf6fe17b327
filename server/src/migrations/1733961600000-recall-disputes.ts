import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 10, part 2: courier recall slips (快件退回单) numbered per shop day by a counter row
 * (race-safe: one row per day, bumped with LAST_INSERT_ID), difficult parcels (疑难件) and
 * their dated follow-ups, refunds and disputes (退款中 / 维权中) with the supervisor's
 * reminders. `open_order_id` (set while a slip or a refund/dispute is not finished, NULL
 * after) makes "one at a time per order" a unique key.
 */
export class RecallDisputes1733961600000 implements MigrationInterface {
  name = 'RecallDisputes1733961600000';

  async up(q: QueryRunner): Promise<void> {
    const table = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';
    await q.query(`CREATE TABLE recall_slip_counter (
      day CHAR(10) NOT NULL,
      last_seq INT NOT NULL,
      PRIMARY KEY (day)
    ) ${table}`);
    await q.query(`CREATE TABLE recall_slip (
      id INT NOT NULL AUTO_INCREMENT,
      slip_no VARCHAR(20) NOT NULL,
      day CHAR(10) NOT NULL,
      seq INT NOT NULL,
      order_id INT NOT NULL,
      open_order_id INT NULL,
      order_no VARCHAR(32) NOT NULL,
      buyer_id VARCHAR(64) NOT NULL,
      case_id INT NULL,
      receiver_name VARCHAR(64) NULL,
      courier VARCHAR(40) NULL,
      tracking_no VARCHAR(40) NULL,
      reason VARCHAR(500) NOT NULL,
      status VARCHAR(12) NOT NULL,
      created_by INT NOT NULL,
      created_at DATETIME(3) NOT NULL,
      courier_name VARCHAR(32) NULL,
      signed_at DATETIME(3) NULL,
      signed_recorded_by INT NULL,
      received_by INT NULL,
      received_at DATETIME(3) NULL,
      registry_line VARCHAR(100) NULL,
      stock_back_at DATETIME(3) NULL,
      version INT NOT NULL DEFAULT 1,
      PRIMARY KEY (id),
      UNIQUE KEY uq_recall_slip_no (slip_no),
      UNIQUE KEY uq_recall_slip_day_seq (day, seq),
      UNIQUE KEY uq_recall_slip_open_order (open_order_id),
      KEY ix_recall_slip_order (order_id),
      KEY ix_recall_slip_status (status, id),
      CONSTRAINT fk_recall_slip_order FOREIGN KEY (order_id) REFERENCES shop_order (id),
      CONSTRAINT fk_recall_slip_creator FOREIGN KEY (created_by) REFERENCES staff (id)
    ) ${table}`);
    await q.query(`CREATE TABLE difficult_parcel (
      id INT NOT NULL AUTO_INCREMENT,
      order_id INT NOT NULL,
      order_no VARCHAR(32) NOT NULL,
      tracking_no VARCHAR(40) NULL,
      kind VARCHAR(12) NOT NULL,
      status VARCHAR(12) NOT NULL,
      description VARCHAR(500) NOT NULL,
      next_follow_up_on CHAR(10) NULL,
      created_by INT NOT NULL,
      created_at DATETIME(3) NOT NULL,
      closed_at DATETIME(3) NULL,
      version INT NOT NULL DEFAULT 1,
      PRIMARY KEY (id),
      KEY ix_difficult_parcel_status (status, next_follow_up_on),
      CONSTRAINT fk_difficult_parcel_order FOREIGN KEY (order_id) REFERENCES shop_order (id),
      CONSTRAINT fk_difficult_parcel_creator FOREIGN KEY (created_by) REFERENCES staff (id)
    ) ${table}`);
    await q.query(`CREATE TABLE difficult_parcel_follow_up (
      id INT NOT NULL AUTO_INCREMENT,
      parcel_id INT NOT NULL,
      note VARCHAR(500) NOT NULL,
      next_follow_up_on CHAR(10) NULL,
      ends VARCHAR(12) NULL,
      by_staff_id INT NOT NULL,
      at DATETIME(3) NOT NULL,
      PRIMARY KEY (id),
      KEY ix_difficult_parcel_follow_up (parcel_id, id),
      CONSTRAINT fk_difficult_parcel_follow_up FOREIGN KEY (parcel_id) REFERENCES difficult_parcel (id)
    ) ${table}`);
    await q.query(`CREATE TABLE order_dispute (
      id INT NOT NULL AUTO_INCREMENT,
      order_id INT NOT NULL,
      open_key VARCHAR(48) NULL,
      order_no VARCHAR(32) NOT NULL,
      buyer_id VARCHAR(64) NOT NULL,
      kind VARCHAR(8) NOT NULL,
      reason VARCHAR(500) NOT NULL,
      amount_fen INT NULL,
      source VARCHAR(8) NOT NULL,
      deadline_at DATETIME(3) NOT NULL,
      agent_id INT NOT NULL,
      handled_at DATETIME(3) NULL,
      handled_note VARCHAR(500) NULL,
      outcome VARCHAR(16) NULL,
      outcome_note VARCHAR(500) NULL,
      closed_by INT NULL,
      closed_at DATETIME(3) NULL,
      recovery VARCHAR(16) NULL,
      recovered_at DATETIME(3) NULL,
      created_by INT NOT NULL,
      created_at DATETIME(3) NOT NULL,
      version INT NOT NULL DEFAULT 1,
      PRIMARY KEY (id),
      UNIQUE KEY uq_order_dispute_open (open_key),
      KEY ix_order_dispute_open (closed_at, deadline_at),
      KEY ix_order_dispute_order (order_id),
      CONSTRAINT fk_order_dispute_order FOREIGN KEY (order_id) REFERENCES shop_order (id),
      CONSTRAINT fk_order_dispute_agent FOREIGN KEY (agent_id) REFERENCES staff (id)
    ) ${table}`);
    await q.query(`CREATE TABLE order_dispute_reminder (
      id INT NOT NULL AUTO_INCREMENT,
      dispute_id INT NOT NULL,
      by_staff_id INT NOT NULL,
      to_staff_id INT NOT NULL,
      note VARCHAR(200) NULL,
      at DATETIME(3) NOT NULL,
      PRIMARY KEY (id),
      KEY ix_order_dispute_reminder (dispute_id, at),
      CONSTRAINT fk_order_dispute_reminder FOREIGN KEY (dispute_id) REFERENCES order_dispute (id)
    ) ${table}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE order_dispute_reminder');
    await q.query('DROP TABLE order_dispute');
    await q.query('DROP TABLE difficult_parcel_follow_up');
    await q.query('DROP TABLE difficult_parcel');
    await q.query('DROP TABLE recall_slip');
    await q.query('DROP TABLE recall_slip_counter');
  }
}
