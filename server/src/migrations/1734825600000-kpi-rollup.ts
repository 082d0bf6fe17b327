import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15: the KPI page's per-agent, per-shop-day rollup (docs/kpis.md "Speed"), the
 * daily quality report (质量异常分析日报表, docs/quality-report.md), and an index that finds
 * orders changed since a moment (a late payment makes a rolled-up day stale).
 *
 * `kpi_daily` holds one row of the `Tally` counters per agent (0: nobody, the queue) and
 * shop day; `kpi_rollup_day` says which days are rolled up, when, and with which service
 * hours (a day rolled up with other hours is recomputed); `kpi_rollup_mark` is the moment up
 * to which late events have been looked for. `quality_report` is unique per day, so running
 * the job twice for a day keeps one report.
 */
export class KpiRollup1734825600000 implements MigrationInterface {
  name = 'KpiRollup1734825600000';

  async up(q: QueryRunner): Promise<void> {
    const table = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';
    await q.query(`CREATE TABLE kpi_daily (
      day DATE NOT NULL,
      staff_id INT NOT NULL,
      questions INT NOT NULL,
      answered INT NOT NULL,
      response_sum_s BIGINT NOT NULL,
      response_hist TEXT NOT NULL,
      first_responses INT NOT NULL,
      first_sum_s BIGINT NOT NULL,
      first_hist TEXT NOT NULL,
      in_hours INT NOT NULL,
      in_hours_quick INT NOT NULL,
      staff_messages INT NOT NULL,
      enquiries INT NOT NULL,
      converted INT NOT NULL,
      converted_fen BIGINT NOT NULL,
      ratings INT NOT NULL,
      satisfied INT NOT NULL,
      dissatisfied INT NOT NULL,
      PRIMARY KEY (day, staff_id)
    ) ${table}`);
    await q.query(`CREATE TABLE kpi_rollup_day (
      day DATE NOT NULL,
      computed_at DATETIME(3) NOT NULL,
      service_start_minute SMALLINT NOT NULL,
      service_end_minute SMALLINT NOT NULL,
      PRIMARY KEY (day)
    ) ${table}`);
    await q.query(`CREATE TABLE kpi_rollup_mark (
      id TINYINT NOT NULL,
      scanned_until DATETIME(3) NOT NULL,
      PRIMARY KEY (id)
    ) ${table}`);
    await q.query('ALTER TABLE shop_order ADD KEY ix_shop_order_updated_paid (updated_at, paid_at)');
    await q.query(`CREATE TABLE quality_report (
      id INT NOT NULL AUTO_INCREMENT,
      day DATE NOT NULL,
      body MEDIUMTEXT NOT NULL,
      anomalies INT NOT NULL,
      built_at DATETIME(3) NOT NULL,
      built_by INT NULL,
      PRIMARY KEY (id),
      UNIQUE KEY uq_quality_report_day (day)
    ) ${table}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE quality_report');
    await q.query('ALTER TABLE shop_order DROP KEY ix_shop_order_updated_paid');
    await q.query('DROP TABLE kpi_rollup_mark');
    await q.query('DROP TABLE kpi_rollup_day');
    await q.query('DROP TABLE kpi_daily');
  }
}
