import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14: a shift keeps its own times. Until now a shift's segments were read from its
 * template, so editing a template moved every past and published shift (and what the
 * attendance detectors judged them by). Each roster_assignment now holds the segments it
 * was written with (docs/roster.md, "Template edits"); existing rows take their template's
 * current times, which is what they meant until today.
 */
export class ShiftTimes1735257600000 implements MigrationInterface {
  name = 'ShiftTimes1735257600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE roster_assignment ADD COLUMN segments VARCHAR(200) NULL AFTER template_id');
    await q.query('UPDATE roster_assignment a JOIN shift_template t ON t.id = a.template_id SET a.segments = t.segments');
    await q.query('ALTER TABLE roster_assignment MODIFY segments VARCHAR(200) NOT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE roster_assignment DROP COLUMN segments');
  }
}
