import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1732406400000 implements MigrationInterface {
  name = 'Foundation1732406400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE staff (
      id INT NOT NULL AUTO_INCREMENT,
      username VARCHAR(32) NOT NULL,
      display_name VARCHAR(32) NOT NULL,
      password_hash VARCHAR(100) NOT NULL,
      base_wage_fen INT NOT NULL,
      active TINYINT(1) NOT NULL DEFAULT 1,
      version INT NOT NULL DEFAULT 1,
      created_at DATETIME(3) NOT NULL,
      updated_at DATETIME(3) NOT NULL,
      PRIMARY KEY (id),
      UNIQUE KEY uq_staff_username (username)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`CREATE TABLE staff_role (
      staff_id INT NOT NULL,
      role VARCHAR(16) NOT NULL,
      PRIMARY KEY (staff_id, role),
      KEY ix_staff_role_role (role),
      CONSTRAINT fk_staff_role_staff FOREIGN KEY (staff_id) REFERENCES staff (id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`CREATE TABLE audit_log (
      id BIGINT NOT NULL AUTO_INCREMENT,
      actor_id INT NULL,
      action VARCHAR(64) NOT NULL,
      entity VARCHAR(32) NOT NULL,
      entity_id VARCHAR(64) NULL,
      details TEXT NULL,
      ip VARCHAR(64) NULL,
      at DATETIME(3) NOT NULL,
      PRIMARY KEY (id),
      KEY ix_audit_entity (entity, entity_id),
      KEY ix_audit_actor (actor_id, at)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`CREATE TABLE setting (
      setting_key VARCHAR(64) NOT NULL,
      value TEXT NOT NULL,
      updated_at DATETIME(3) NOT NULL,
      PRIMARY KEY (setting_key)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE setting');
    await q.query('DROP TABLE audit_log');
    await q.query('DROP TABLE staff_role');
    await q.query('DROP TABLE staff');
  }
}
