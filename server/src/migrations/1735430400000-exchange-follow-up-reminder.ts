import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 10: the exchange's follow-up becomes a reminder (docs/recall.md "Exchanges shipped"):
 * when the follow-up day comes and the buyer's receipt is not recorded, the after-sale agent
 * gets a console notification, once — `follow_up_reminded_at` is set in the same transaction
 * as the notification, so a second sweep, a retry or a restart finds nothing to send.
 */
export class ExchangeFollowUpReminder1735430400000 implements MigrationInterface {
  name = 'ExchangeFollowUpReminder1735430400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE exchange_shipment
      ADD COLUMN follow_up_reminded_at DATETIME(3) NULL,
      ADD KEY ix_exchange_shipment_follow_up (follow_up_on)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE exchange_shipment DROP KEY ix_exchange_shipment_follow_up, DROP COLUMN follow_up_reminded_at');
  }
}
