import type { MigrationInterface, QueryRunner } from 'typeorm';

type Raw = Record<string, any>;

/**
 * Issue 10: a difficult parcel (疑难件) is a registry case of kind `difficult`, linked to its
 * parcel record (docs/aftersale.md, "Difficult parcels"). `difficult_parcel.case_id` links
 * them; every parcel without a case gets one:
 *  - an open parcel: the order's active `difficult` case when after-sale registered one
 *    first, else a new open case; an order with another active case (a return, a recall…)
 *    cannot hold a second one, so that parcel stays unlinked and is followed as before;
 *  - an ended parcel (delivered or returned): a closed case, closed when and by whom the
 *    parcel's last follow-up ended it.
 * Idempotent: the column is added only when missing, and only parcels with no case are
 * linked, so running it again (or after a crash halfway) links the rest and nothing twice.
 */
export class DifficultCases1735516800000 implements MigrationInterface {
  name = 'DifficultCases1735516800000';

  async up(q: QueryRunner): Promise<void> {
    const existing = ((await q.query(
      "SELECT COUNT(*) AS n FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'difficult_parcel' AND COLUMN_NAME = 'case_id'",
    )) ?? []) as Raw[];
    if (!Number(existing[0]?.n ?? 0)) {
      await q.query(`ALTER TABLE difficult_parcel
        ADD COLUMN case_id INT NULL AFTER order_no,
        ADD UNIQUE KEY uq_difficult_parcel_case (case_id),
        ADD CONSTRAINT fk_difficult_parcel_case FOREIGN KEY (case_id) REFERENCES after_sale_case (id)`);
    }
    const parcels = ((await q.query(
      `SELECT p.id, p.order_id, p.order_no, o.buyer_id, p.status, p.description, p.created_by, p.created_at, p.closed_at,
         (SELECT f.by_staff_id FROM difficult_parcel_follow_up f WHERE f.parcel_id = p.id ORDER BY f.id DESC LIMIT 1) AS last_by,
         (SELECT f.note FROM difficult_parcel_follow_up f WHERE f.parcel_id = p.id ORDER BY f.id DESC LIMIT 1) AS last_note
       FROM difficult_parcel p JOIN shop_order o ON o.id = p.order_id WHERE p.case_id IS NULL ORDER BY p.id`,
    )) ?? []) as Raw[];
    for (const parcel of parcels) await linkCase(q, parcel);
  }

  async down(q: QueryRunner): Promise<void> {
    // The cases stay in the registry (they are its history); only the link goes.
    await q.query('ALTER TABLE difficult_parcel DROP FOREIGN KEY fk_difficult_parcel_case');
    await q.query('ALTER TABLE difficult_parcel DROP INDEX uq_difficult_parcel_case');
    await q.query('ALTER TABLE difficult_parcel DROP COLUMN case_id');
  }
}

async function linkCase(q: QueryRunner, parcel: Raw): Promise<void> {
  let caseId: number | null = null;
  if (parcel.status === 'open') {
    const active = ((await q.query('SELECT id, kind FROM after_sale_case WHERE open_order_id = ?', [parcel.order_id])) ?? []) as Raw[];
    if (active[0] && active[0].kind !== 'difficult') return;
    if (active[0]) {
      const taken = ((await q.query('SELECT id FROM difficult_parcel WHERE case_id = ?', [active[0].id])) ?? []) as Raw[];
      if (taken.length) return;
      caseId = Number(active[0].id);
    }
  }
  if (caseId === null) {
    const ended = parcel.status !== 'open';
    const closedBy = ended ? Number(parcel.last_by ?? parcel.created_by) : null;
    const closedAt = ended ? (parcel.closed_at ?? parcel.created_at) : null;
    const closeNote = ended ? `${parcel.status === 'delivered' ? '已签收' : '原包裹已退回'}${parcel.last_note ? `：${String(parcel.last_note)}` : ''}`.slice(0, 500) : null;
    const inserted = (await q.query(
      `INSERT INTO after_sale_case (order_id, order_no, buyer_id, kind, status, reason, opened_by, opened_at, closed_by, closed_at, close_note)
       VALUES (?, ?, ?, 'difficult', ?, ?, ?, ?, ?, ?, ?)`,
      [parcel.order_id, parcel.order_no, parcel.buyer_id, ended ? 'closed' : 'open', parcel.description, parcel.created_by, parcel.created_at, closedBy, closedAt, closeNote],
    )) as { insertId: number } | undefined;
    caseId = Number(inserted?.insertId ?? 0);
    const event = 'INSERT INTO after_sale_case_event (case_id, what, by_staff_id, at, payload) VALUES (?, ?, ?, ?, ?)';
    await q.query(event, [caseId, 'opened', parcel.created_by, parcel.created_at, JSON.stringify({ kind: 'difficult', reason: parcel.description, parcelId: Number(parcel.id) })]);
    if (ended) await q.query(event, [caseId, 'closed', closedBy, closedAt, JSON.stringify({ note: closeNote, parcelId: Number(parcel.id), ends: parcel.status })]);
  }
  await q.query('UPDATE difficult_parcel SET case_id = ? WHERE id = ? AND case_id IS NULL', [caseId, parcel.id]);
}
