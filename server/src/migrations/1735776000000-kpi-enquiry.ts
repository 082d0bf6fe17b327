import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15, the KPI speed aim (docs/kpis.md "Speed"): the rollup also writes each finished
 * day's enquiries — one narrow row per shop day, agent (0: nobody) and buyer with the first
 * question's instant — so the range's 最终转化率 (distinct buyers, which cannot be summed from
 * daily counters) groups a small table read by its primary key instead of the conversations.
 * The buyer is kept as `UNHEX(MD5(buyer_id))`, 16 fixed bytes: the grouping's temporary
 * table then stays in memory (a VARCHAR(64) utf8mb4 key made it spill to disk at 2 M
 * messages). Days rolled up before this have no enquiry rows, so every rollup is dropped
 * and the workers' next run rolls all days up again (the page counts them live meanwhile).
 */
export class KpiEnquiry1735776000000 implements MigrationInterface {
  name = 'KpiEnquiry1735776000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE kpi_enquiry (
      day DATE NOT NULL,
      staff_id INT NOT NULL,
      buyer_key BINARY(16) NOT NULL,
      first_at DATETIME(3) NOT NULL,
      PRIMARY KEY (day, staff_id, buyer_key),
      KEY ix_kpi_enquiry_pair (staff_id, buyer_key, day, first_at)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query('DELETE FROM kpi_rollup_day');
    await q.query('DELETE FROM kpi_daily');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE kpi_enquiry');
    await q.query('DELETE FROM kpi_rollup_day');
  }
}
