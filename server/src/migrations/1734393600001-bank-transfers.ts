import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 9, the bank-transfer register (银行转账明细表, 售前 ⑦): payer, amount in fen, time and
 * a proof image per transfer, entered by pre-sale, confirmed (the order becomes paid) or
 * cancelled, each under the row's version. At most one pending transfer per order: checked
 * under the order's row lock.
 */
export class BankTransfers1734393600001 implements MigrationInterface {
  name = 'BankTransfers1734393600001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE bank_transfer (
      id INT NOT NULL AUTO_INCREMENT,
      order_id INT NOT NULL,
      order_no VARCHAR(32) NOT NULL,
      buyer_id VARCHAR(64) NOT NULL,
      payer VARCHAR(40) NOT NULL,
      amount_fen INT NOT NULL,
      transferred_at DATETIME(3) NOT NULL,
      proof_path VARCHAR(200) NULL,
      proof_mime VARCHAR(32) NULL,
      status VARCHAR(12) NOT NULL,
      entered_by INT NOT NULL,
      entered_at DATETIME(3) NOT NULL,
      settled_by INT NULL,
      settled_at DATETIME(3) NULL,
      cancel_reason VARCHAR(300) NULL,
      version INT NOT NULL DEFAULT 1,
      PRIMARY KEY (id),
      KEY ix_bank_transfer_status (status, entered_at),
      KEY ix_bank_transfer_order (order_id, status),
      CONSTRAINT fk_bank_transfer_order FOREIGN KEY (order_id) REFERENCES shop_order (id),
      CONSTRAINT fk_bank_transfer_entered_by FOREIGN KEY (entered_by) REFERENCES staff (id),
      CONSTRAINT fk_bank_transfer_settled_by FOREIGN KEY (settled_by) REFERENCES staff (id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE bank_transfer');
  }
}
