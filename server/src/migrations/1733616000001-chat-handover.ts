import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 11: a chat handed over because its agent was absent is a transfer made by nobody
 * (the system): `chat_transfer.by_staff_id` may be NULL for those.
 */
export class ChatHandover1733616000001 implements MigrationInterface {
  name = 'ChatHandover1733616000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE chat_transfer MODIFY by_staff_id INT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DELETE FROM chat_transfer WHERE by_staff_id IS NULL');
    await q.query('ALTER TABLE chat_transfer MODIFY by_staff_id INT NOT NULL');
  }
}
