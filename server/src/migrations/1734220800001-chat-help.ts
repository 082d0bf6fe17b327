import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 11: an agent asks the supervisor for help in a chat without handing it over
 * (售前 ③, 售后 ③); a supervisor joins it (then may write in it too). One open request per
 * conversation at a time: `open_key` is the conversation id while the request is open.
 */
export class ChatHelp1734220800001 implements MigrationInterface {
  name = 'ChatHelp1734220800001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE chat_help_request (
      id INT NOT NULL AUTO_INCREMENT,
      conversation_id INT NOT NULL,
      asked_by INT NOT NULL,
      note VARCHAR(500) NOT NULL,
      asked_at DATETIME(3) NOT NULL,
      joined_by INT NULL,
      joined_at DATETIME(3) NULL,
      closed_at DATETIME(3) NULL,
      open_key INT AS (IF(closed_at IS NULL, conversation_id, NULL)) STORED,
      PRIMARY KEY (id),
      UNIQUE KEY uq_chat_help_open (open_key),
      KEY ix_chat_help_conversation (conversation_id, joined_by),
      CONSTRAINT fk_chat_help_conversation FOREIGN KEY (conversation_id) REFERENCES chat_conversation (id),
      CONSTRAINT fk_chat_help_asked_by FOREIGN KEY (asked_by) REFERENCES staff (id),
      CONSTRAINT fk_chat_help_joined_by FOREIGN KEY (joined_by) REFERENCES staff (id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE chat_help_request');
  }
}
