import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12: the last settlement of each month and how it ended, so a settlement that fails
 * or stalls for good is seen (GET /api/scoring/months/:month → lastSettlement), notified
 * once, and retried a written number of times (docs/scoring.md). One row per month,
 * replaced by each new settlement; job_key names the BullMQ job run (id and creation time).
 */
export class SettlementAttempts1733356800000 implements MigrationInterface {
  name = 'SettlementAttempts1733356800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE scoring_settlement (
      month CHAR(7) NOT NULL,
      outcome VARCHAR(16) NOT NULL,
      job_key VARCHAR(160) NULL,
      attempt INT NOT NULL,
      retry_round INT NOT NULL,
      error VARCHAR(500) NULL,
      next_retry_at DATETIME(3) NULL,
      updated_at DATETIME(3) NOT NULL,
      PRIMARY KEY (month)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE scoring_settlement');
  }
}
