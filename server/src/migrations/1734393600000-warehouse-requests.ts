import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 9, requests to the warehouse (仓库): they travel on the alert channel (audience
 * `warehouse`). A clerk who finds a request's information wrong (rule 12) says what was
 * wrong when closing it; the supervisor may then charge G12 with the request as evidence.
 */
export class WarehouseRequests1734393600000 implements MigrationInterface {
  name = 'WarehouseRequests1734393600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE order_alert
      ADD COLUMN wrong_info VARCHAR(300) NULL,
      ADD COLUMN wrong_info_at DATETIME(3) NULL,
      ADD KEY ix_order_alert_wrong_info (wrong_info_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE order_alert DROP KEY ix_order_alert_wrong_info, DROP COLUMN wrong_info, DROP COLUMN wrong_info_at');
  }
}
