import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Imported seller notes and print batches (docs/orders.md "Import" and "Printing").
 * Imported notes are kept as the back office wrote them, each flagged when it lacks the
 * rulebook's signature; one row per note text and order (text_sha), so importing the same
 * files twice keeps each note once. A print batch is the day's clipped, signed bundle; each
 * order in it is a row, marked when it was a reprint. Times DATETIME(3) in UTC.
 */
export class ImportPrint1733529600000 implements MigrationInterface {
  name = 'ImportPrint1733529600000';

  async up(q: QueryRunner): Promise<void> {
    const table = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';
    await q.query(`CREATE TABLE order_imported_note (
      id INT NOT NULL AUTO_INCREMENT,
      order_id INT NOT NULL,
      text VARCHAR(1000) NOT NULL,
      text_sha CHAR(64) NOT NULL,
      signed TINYINT(1) NOT NULL,
      signed_by VARCHAR(20) NULL,
      signed_on CHAR(10) NULL,
      imported_by INT NOT NULL,
      imported_at DATETIME(3) NOT NULL,
      PRIMARY KEY (id),
      UNIQUE KEY uq_order_imported_note (order_id, text_sha),
      KEY ix_order_imported_note_unsigned (signed, imported_at),
      CONSTRAINT fk_order_imported_note_order FOREIGN KEY (order_id) REFERENCES shop_order (id),
      CONSTRAINT fk_order_imported_note_by FOREIGN KEY (imported_by) REFERENCES staff (id)
    ) ${table}`);
    await q.query(`CREATE TABLE print_batch (
      id INT NOT NULL AUTO_INCREMENT,
      label VARCHAR(60) NOT NULL,
      shop_day CHAR(10) NOT NULL,
      printed_by INT NOT NULL,
      printed_at DATETIME(3) NOT NULL,
      order_count INT NOT NULL,
      reprint_count INT NOT NULL,
      PRIMARY KEY (id),
      KEY ix_print_batch_day (shop_day, id),
      CONSTRAINT fk_print_batch_by FOREIGN KEY (printed_by) REFERENCES staff (id)
    ) ${table}`);
    await q.query(`CREATE TABLE print_batch_order (
      batch_id INT NOT NULL,
      position INT NOT NULL,
      order_id INT NOT NULL,
      reprint TINYINT(1) NOT NULL,
      PRIMARY KEY (batch_id, position),
      UNIQUE KEY uq_print_batch_order (batch_id, order_id),
      KEY ix_print_batch_order_order (order_id),
      CONSTRAINT fk_print_batch_order_batch FOREIGN KEY (batch_id) REFERENCES print_batch (id),
      CONSTRAINT fk_print_batch_order_order FOREIGN KEY (order_id) REFERENCES shop_order (id)
    ) ${table}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE print_batch_order');
    await q.query('DROP TABLE print_batch');
    await q.query('DROP TABLE order_imported_note');
  }
}
