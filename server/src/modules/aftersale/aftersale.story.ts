/**
 * The case's whole story in one timeline (issue 10 "Case page with the whole story"): the
 * case's own steps, the order's notes and alerts (with the printers' replies), the recall
 * slips of the order, the chat excerpts the case links to (the message that gave the return
 * number, each checklist tick's message), the photos and, for a difficult parcel (疑难件),
 * its dated follow-ups, oldest first. Read-only: each line
 * says what, who, when; the client words it.
 */
import type { StoryLine } from '@kefu/shared/schemas/aftersale';
import type { Tx } from '../../platform/db.ts';

type Raw = Record<string, any>;
const iso = (v: unknown) => new Date(v as Date).toISOString();
const who = (id: unknown, name: unknown) => (id === null || id === undefined ? null : { id: Number(id), displayName: String(name ?? '') });

export async function caseStory(tx: Tx, caseId: number, orderId: number, trackingMessageId: number | null): Promise<StoryLine[]> {
  const [events, notes, alerts, slips, messages, photos, followUps] = await Promise.all([
    tx.query('SELECT e.id, e.what, e.by_staff_id, s.display_name, e.at FROM after_sale_case_event e JOIN staff s ON s.id = e.by_staff_id WHERE e.case_id = ?', [caseId]) as Promise<Raw[]>,
    tx.query('SELECT n.id, n.kind, n.text, n.author_id, s.display_name, n.created_at FROM order_note n JOIN staff s ON s.id = n.author_id WHERE n.order_id = ?', [orderId]) as Promise<Raw[]>,
    tx.query(
      `SELECT a.id, a.kind, a.summary, a.status, a.reply, a.requested_by, r.display_name AS requested_name, a.created_at, a.done_by, d.display_name AS done_name, a.done_at
       FROM order_alert a JOIN staff r ON r.id = a.requested_by LEFT JOIN staff d ON d.id = a.done_by WHERE a.order_id = ?`,
      [orderId],
    ) as Promise<Raw[]>,
    tx.query(
      `SELECT l.id, l.slip_no, l.reason, l.created_by, c.display_name AS created_name, l.created_at, l.courier_name, l.signed_at, l.registry_line, l.received_by, v.display_name AS received_name, l.received_at
       FROM recall_slip l JOIN staff c ON c.id = l.created_by LEFT JOIN staff v ON v.id = l.received_by WHERE l.order_id = ?`,
      [orderId],
    ) as Promise<Raw[]>,
    tx.query(
      `SELECT m.id, m.sender, m.staff_id, s.display_name, m.body, m.created_at FROM chat_message m LEFT JOIN staff s ON s.id = m.staff_id
       WHERE m.id IN (SELECT t.message_id FROM after_sale_case_tick t WHERE t.case_id = ?) OR m.id = ?`,
      [caseId, trackingMessageId ?? 0],
    ) as Promise<Raw[]>,
    tx.query('SELECT p.image_id, p.added_by, s.display_name, p.added_at FROM after_sale_case_photo p JOIN staff s ON s.id = p.added_by WHERE p.case_id = ?', [caseId]) as Promise<Raw[]>,
    tx.query(
      `SELECT f.id, f.parcel_id, f.note, f.next_follow_up_on, f.ends, f.by_staff_id, s.display_name, f.at
       FROM difficult_parcel_follow_up f JOIN difficult_parcel p ON p.id = f.parcel_id JOIN staff s ON s.id = f.by_staff_id WHERE p.case_id = ?`,
      [caseId],
    ) as Promise<Raw[]>,
  ]);
  const lines: StoryLine[] = [
    ...events.map((r): StoryLine => ({ source: 'case', ref: String(r.id), what: String(r.what), text: null, by: who(r.by_staff_id, r.display_name), at: iso(r.at) })),
    ...notes.map((r): StoryLine => ({ source: 'note', ref: String(r.id), what: String(r.kind), text: String(r.text), by: who(r.author_id, r.display_name), at: iso(r.created_at) })),
    ...alerts.flatMap((r): StoryLine[] => [
      { source: 'alert', ref: String(r.id), what: String(r.kind), text: String(r.summary), by: who(r.requested_by, r.requested_name), at: iso(r.created_at) },
      ...(r.done_at ? [{ source: 'alert_done' as const, ref: String(r.id), what: String(r.kind), text: r.reply ? String(r.reply) : null, by: who(r.done_by, r.done_name), at: iso(r.done_at) }] : []),
    ]),
    ...slips.flatMap((r): StoryLine[] => [
      { source: 'slip', ref: String(r.slip_no), what: 'made', text: String(r.reason), by: who(r.created_by, r.created_name), at: iso(r.created_at) },
      ...(r.signed_at ? [{ source: 'slip' as const, ref: String(r.slip_no), what: 'signed', text: r.courier_name ? String(r.courier_name) : null, by: null, at: iso(r.signed_at) }] : []),
      ...(r.received_at ? [{ source: 'slip' as const, ref: String(r.slip_no), what: 'received', text: r.registry_line ? String(r.registry_line) : null, by: who(r.received_by, r.received_name), at: iso(r.received_at) }] : []),
    ]),
    ...messages.map((r): StoryLine => ({ source: 'chat', ref: String(r.id), what: String(r.sender), text: r.body === null ? null : String(r.body), by: who(r.staff_id, r.display_name), at: iso(r.created_at) })),
    ...photos.map((r): StoryLine => ({ source: 'photo', ref: String(r.image_id), what: 'added', text: null, by: who(r.added_by, r.display_name), at: iso(r.added_at) })),
    ...followUps.map(
      (r): StoryLine => ({ source: 'parcel', ref: String(r.id), what: r.ends ? String(r.ends) : 'follow_up', text: String(r.note), by: who(r.by_staff_id, r.display_name), at: iso(r.at), on: r.next_follow_up_on ? String(r.next_follow_up_on) : null }),
    ),
  ];
  // At the same instant: the chat that said it, then the case's step, then the photos that step added;
  // a parcel's follow-up before the close it caused.
  const order = ['chat', 'parcel', 'case', 'photo', 'note', 'alert', 'alert_done', 'slip'];
  return lines.sort((a, b) => a.at.localeCompare(b.at) || order.indexOf(a.source) - order.indexOf(b.source) || a.ref.localeCompare(b.ref, undefined, { numeric: true }));
}
