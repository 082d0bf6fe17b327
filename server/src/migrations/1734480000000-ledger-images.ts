import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13: images (photos, screenshots of a marketplace chat) attached to a ledger entry as
 * evidence. The file is in the image store (UPLOAD_DIR/scoring/…); the row names the entry,
 * who attached it and when. Rows are never deleted, like the entries they belong to.
 */
export class LedgerImages1734480000000 implements MigrationInterface {
  name = 'LedgerImages1734480000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE ledger_image (
      id VARCHAR(32) NOT NULL,
      entry_id INT NOT NULL,
      path VARCHAR(200) NOT NULL,
      mime VARCHAR(32) NOT NULL,
      bytes INT NOT NULL,
      uploaded_by INT NOT NULL,
      created_at DATETIME(3) NOT NULL,
      PRIMARY KEY (id),
      KEY ix_ledger_image_entry (entry_id, created_at),
      CONSTRAINT fk_ledger_image_entry FOREIGN KEY (entry_id) REFERENCES ledger_entry (id),
      CONSTRAINT fk_ledger_image_staff FOREIGN KEY (uploaded_by) REFERENCES staff (id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE ledger_image');
  }
}
