/**
 * Detectors of the orders module (scoring.md; registered in server/src/detectors.ts). Each
 * reads the module's own records for the month and proposes; nothing counts until the
 * supervisor confirms. The framework's dedupe key (rule + person + evidence) proposes each
 * once.
 *
 * G12 (信息填写错误, −3): a warehouse clerk closed a request saying its information was wrong
 * (rule 12) → the agent who asked, with the request as evidence, on the day it was marked.
 * R01 (当天订单没有及时打完, −2): orders paid in stock before the 16:00 cut-off and not printed
 *   that shop day (`missedPrintDay`) → one proposal per day for the printers who had the orders
 *   that day: the printers on that day's published roster; for a month without a published
 *   roster, every active printer (the note says which).
 * R02 (没有注意订单跟踪提醒, −2): an order printed (or reprinted) or shipped while a printers'
 *   alert on it was open or claimed, or while a change the printers had been told of (confirmed)
 *   was unfinished → whoever printed or shipped it. A change never confirmed is the agent's (P02).
 * R03 (处理后没有反馈, −2): an alert of the printers done without a reply, or still claimed at
 *   the end of the printers' day (flagged) → its printer.
 * P02 (备注后没有通知打单, −2): a change noted (an attribute, address or special note written by
 *   hand, not through a change request) with no alert raised before the order was then printed,
 *   or a change left awaiting the buyer's confirmation (so never alerted) when it was printed →
 *   the agent who noted it.
 * P04 (备注没有签名日期, −1): an imported seller note without a valid signature → the agent who
 *   handled that buyer's chat at the time (the buyer's last chat with an agent opened before
 *   the note was imported); an agent's change without its note → that agent.
 */
import { missedPrintDay } from '@kefu/shared/domain/orders/print/deadline';
import { notificationsRepository } from '../notifications/notifications.repository.ts';
import type { Evidence } from '@kefu/shared/schemas/ledger';
import type { Detector, DetectorProposal } from '../scoring/scoring.detectors.ts';

type Raw = Record<string, any>;
/** The framework takes at most 20 evidence links per proposal. */
const MAX_EVIDENCE = 20;

export const g12Detector: Detector = {
  name: 'orders.g12',
  rules: ['G12'],
  async detect(tx, { start, end }) {
    const rows = (await tx.query(
      `SELECT id, requested_by AS staffId, wrong_info_at AS at, wrong_info AS what, order_no AS orderNo FROM order_alert
       WHERE audience = 'warehouse' AND wrong_info IS NOT NULL AND wrong_info_at >= ? AND wrong_info_at < ? ORDER BY id`,
      [start, end],
    )) as Array<{ id: number; staffId: number; at: Date; what: string; orderNo: string }>;
    return rows.map(
      (row): DetectorProposal => ({
        staffId: Number(row.staffId),
        rule: 'G12',
        occurredAt: new Date(row.at),
        evidence: [{ kind: 'alert', id: String(row.id) }],
        note: `仓库请求 #${row.id}（订单 ${row.orderNo}）信息填写错误：${row.what}`,
      }),
    );
  },
};

export const r01Detector: Detector = {
  name: 'orders.r01',
  rules: ['R01'],
  async detect(tx, { start, end, tz, now }) {
    const orders = (await tx.query(
      `SELECT o.id, o.order_no, o.paid_at, o.cancelled_at,
         (SELECT MIN(e.at) FROM shop_order_event e WHERE e.order_id = o.id AND e.to_status = 'printed') AS first_printed_at
       FROM shop_order o WHERE o.paid_at >= ? AND o.paid_at < ? ORDER BY o.id`,
      [start, end],
    )) as Raw[];
    if (!orders.length) return [];
    const items = (await tx.query('SELECT order_id, title, in_stock FROM shop_order_item WHERE order_id IN (?)', [orders.map((o) => o.id)])) as Raw[];
    const itemsOf = new Map<number, Array<{ title: string; inStock: boolean }>>();
    for (const item of items) {
      const list = itemsOf.get(Number(item.order_id)) ?? [];
      list.push({ title: item.title as string, inStock: Boolean(Number(item.in_stock)) });
      itemsOf.set(Number(item.order_id), list);
    }
    const missed = new Map<string, Array<{ orderNo: string; paidAt: Date }>>();
    for (const order of orders) {
      const day = missedPrintDay({ paidAt: order.paid_at as Date, items: itemsOf.get(Number(order.id)) ?? [], firstPrintedAt: (order.first_printed_at as Date | null) ?? null, cancelledAt: (order.cancelled_at as Date | null) ?? null }, now, tz);
      if (day) missed.set(day, [...(missed.get(day) ?? []), { orderNo: order.order_no as string, paidAt: order.paid_at as Date }]);
    }
    if (!missed.size) return [];
    const everyPrinter = await notificationsRepository.activeWithRoles(tx, ['printer']);
    const proposals: DetectorProposal[] = [];
    for (const [day, late] of missed) {
      // Who had the day's orders: the printers on that day's published roster; without one, every active printer.
      const published = (await tx.query("SELECT 1 FROM roster_month WHERE month = ? AND status = 'published'", [day.slice(0, 7)])) as Raw[];
      const rostered = published.length
        ? ((await tx.query("SELECT DISTINCT staff_id FROM roster_assignment WHERE day = ? AND role = 'printer' ORDER BY staff_id", [day])) as Raw[]).map((r) => Number(r.staff_id))
        : null;
      const who = rostered ? '按排班表当天值班的打单人员' : '该月没有已发布的排班表：提给所有在职打单人员';
      for (const staffId of rostered ?? everyPrinter) {
        proposals.push({
          staffId,
          rule: 'R01',
          occurredAt: late.reduce((last, o) => (o.paidAt > last ? o.paidAt : last), late[0]!.paidAt),
          evidence: late.slice(0, MAX_EVIDENCE).map((o): Evidence => ({ kind: 'order', id: o.orderNo })),
          note: `${day} 16:00 前付款且有货的 ${late.length} 单当天未打印：${late.slice(0, 5).map((o) => o.orderNo).join('、')}${late.length > 5 ? ' 等' : ''}（${who}）`,
        });
      }
    }
    return proposals;
  },
};

export const r02Detector: Detector = {
  name: 'orders.r02',
  rules: ['R02'],
  async detect(tx, { start, end }) {
    // What was printed or shipped in the month, and by whom: moves, and reprints (which are not moves).
    const acts = `SELECT e.order_id, e.staff_id, e.at, e.to_status AS act FROM shop_order_event e WHERE e.to_status IN ('printed', 'shipped') AND e.at >= ? AND e.at < ?
      UNION ALL
      SELECT bo.order_id, b.printed_by, b.printed_at, 'reprint' FROM print_batch_order bo JOIN print_batch b ON b.id = bo.batch_id WHERE bo.reprint = 1 AND b.printed_at >= ? AND b.printed_at < ?`;
    const alerts = (await tx.query(
      `SELECT x.order_id, x.staff_id, x.at, x.act, o.order_no, a.id AS ref_id FROM (${acts}) x
       JOIN shop_order o ON o.id = x.order_id
       JOIN order_alert a ON a.order_id = x.order_id AND a.audience = 'printer' AND a.created_at < x.at AND (a.done_at IS NULL OR a.done_at > x.at)`,
      [start, end, start, end],
    )) as Raw[];
    const changes = (await tx.query(
      `SELECT x.order_id, x.staff_id, x.at, x.act, o.order_no, c.id AS ref_id FROM (${acts}) x
       JOIN shop_order o ON o.id = x.order_id
       JOIN order_change c ON c.order_id = x.order_id AND c.kind <> 'cancel' AND c.confirmed_at IS NOT NULL AND c.confirmed_at < x.at AND (c.done_at IS NULL OR c.done_at > x.at)
       WHERE NOT EXISTS (SELECT 1 FROM order_alert a WHERE a.change_id = c.id AND a.created_at < x.at AND (a.done_at IS NULL OR a.done_at > x.at))`,
      [start, end, start, end],
    )) as Raw[];
    const seen = new Set<string>();
    const proposals: DetectorProposal[] = [];
    for (const [rows, kind] of [[alerts, 'alert'], [changes, 'change']] as const) {
      for (const row of rows) {
        const ref: Evidence = kind === 'alert' ? { kind: 'alert', id: String(row.ref_id) } : { kind: 'other', id: `change:${row.ref_id}` };
        const key = `${row.staff_id}|${row.order_no}|${ref.kind}:${ref.id}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const what = row.act === 'shipped' ? '发货' : row.act === 'reprint' ? '重新打印' : '打印';
        proposals.push({
          staffId: Number(row.staff_id),
          rule: 'R02',
          occurredAt: new Date(row.at as Date),
          evidence: [{ kind: 'order', id: row.order_no as string }, ref],
          note: kind === 'alert' ? `订单 ${row.order_no} 在订单跟踪提醒 #${row.ref_id} 未处理完时被${what}` : `订单 ${row.order_no} 在修改 #${row.ref_id} 未完成时被${what}`,
        });
      }
    }
    return proposals;
  },
};

export const r03Detector: Detector = {
  name: 'orders.r03',
  rules: ['R03'],
  async detect(tx, { start, end }) {
    const rows = (await tx.query(
      `SELECT id, order_no, claimed_by, done_by, done_at, flagged_at, status, reply FROM order_alert
       WHERE audience = 'printer' AND (
         (status = 'done' AND (reply IS NULL OR TRIM(reply) = '') AND done_at >= ? AND done_at < ?)
         OR (flagged_at IS NOT NULL AND flagged_at >= ? AND flagged_at < ?)
       ) ORDER BY id`,
      [start, end, start, end],
    )) as Raw[];
    return rows
      .map((row): DetectorProposal | null => {
        const silent = row.status === 'done' && !String(row.reply ?? '').trim();
        const staffId = silent ? (row.done_by ?? row.claimed_by) : row.claimed_by;
        if (staffId === null || staffId === undefined) return null;
        return {
          staffId: Number(staffId),
          rule: 'R03',
          occurredAt: new Date((silent ? row.done_at : row.flagged_at) as Date),
          evidence: [{ kind: 'alert', id: String(row.id) }],
          note: silent ? `订单跟踪提醒 #${row.id}（订单 ${row.order_no}）处理完没有回复经手客服` : `订单跟踪提醒 #${row.id}（订单 ${row.order_no}）认领后到下班仍未处理完、未反馈`,
        };
      })
      .filter((p): p is DetectorProposal => p !== null);
  },
};

export const p02Detector: Detector = {
  name: 'orders.p02',
  rules: ['P02'],
  async detect(tx, { start, end }) {
    // The first print of each order after the note, in the month; no printers' alert on it between the note and that print.
    const notes = (await tx.query(
      `SELECT n.id, n.author_id, o.order_no, p.at FROM order_note n
       JOIN shop_order o ON o.id = n.order_id
       JOIN shop_order_event p ON p.id = (SELECT MIN(e.id) FROM shop_order_event e WHERE e.order_id = n.order_id AND e.to_status = 'printed' AND e.at > n.created_at)
       WHERE n.kind IN ('attribute', 'address', 'special') AND n.change_id IS NULL AND p.at >= ? AND p.at < ?
         AND NOT EXISTS (SELECT 1 FROM order_alert a WHERE a.order_id = n.order_id AND a.audience = 'printer' AND a.created_at >= n.created_at AND a.created_at <= p.at)
       ORDER BY n.id`,
      [start, end],
    )) as Raw[];
    const waiting = (await tx.query(
      `SELECT c.id, c.requested_by, o.order_no, p.at FROM order_change c
       JOIN shop_order o ON o.id = c.order_id
       JOIN shop_order_event p ON p.id = (SELECT MIN(e.id) FROM shop_order_event e WHERE e.order_id = c.order_id AND e.to_status = 'printed' AND e.at > c.requested_at)
       WHERE c.kind <> 'cancel' AND (c.confirmed_at IS NULL OR c.confirmed_at > p.at) AND p.at >= ? AND p.at < ?
         AND NOT EXISTS (SELECT 1 FROM order_alert a WHERE a.change_id = c.id AND a.created_at <= p.at)
       ORDER BY c.id`,
      [start, end],
    )) as Raw[];
    return [
      ...notes.map(
        (row): DetectorProposal => ({
          staffId: Number(row.author_id),
          rule: 'P02',
          occurredAt: new Date(row.at as Date),
          evidence: [{ kind: 'order', id: row.order_no as string }, { kind: 'note', id: String(row.id) }],
          note: `订单 ${row.order_no} 的备注 #${row.id} 写好后没有通知打单（无订单跟踪提醒），订单随后被打印`,
        }),
      ),
      ...waiting.map(
        (row): DetectorProposal => ({
          staffId: Number(row.requested_by),
          rule: 'P02',
          occurredAt: new Date(row.at as Date),
          evidence: [{ kind: 'order', id: row.order_no as string }, { kind: 'other', id: `change:${row.id}` }],
          note: `订单 ${row.order_no} 的修改 #${row.id} 一直等待买家确认、没有通知打单，订单随后被打印`,
        }),
      ),
    ];
  },
};

export const p04Detector: Detector = {
  name: 'orders.p04',
  rules: ['P04'],
  async detect(tx, { start, end }) {
    // The agent found from the chat record: the buyer's last chat with an agent opened before the note came in.
    const imported = (await tx.query(
      `SELECT n.id, n.imported_at, o.order_no, c.id AS conversation_id, c.agent_id FROM order_imported_note n
       JOIN shop_order o ON o.id = n.order_id
       JOIN chat_conversation c ON c.id = (
         SELECT c2.id FROM chat_conversation c2 WHERE c2.buyer_id = o.buyer_id AND c2.agent_id IS NOT NULL AND c2.opened_at <= n.imported_at ORDER BY c2.opened_at DESC, c2.id DESC LIMIT 1)
       WHERE n.signed = 0 AND n.imported_at >= ? AND n.imported_at < ? ORDER BY n.id`,
      [start, end],
    )) as Raw[];
    const unnoted = (await tx.query(
      `SELECT c.id, c.requested_by, c.requested_at, c.order_no FROM order_change c
       WHERE c.requested_at >= ? AND c.requested_at < ? AND NOT EXISTS (SELECT 1 FROM order_note n WHERE n.change_id = c.id) ORDER BY c.id`,
      [start, end],
    )) as Raw[];
    return [
      ...imported.map(
        (row): DetectorProposal => ({
          staffId: Number(row.agent_id),
          rule: 'P04',
          occurredAt: new Date(row.imported_at as Date),
          evidence: [{ kind: 'order', id: row.order_no as string }, { kind: 'other', id: `imported-note:${row.id}` }, { kind: 'chat', id: String(row.conversation_id) }],
          note: `订单 ${row.order_no} 的后台备注没有“---年.月.日 姓名”签名（按聊天记录找到经手客服）`,
        }),
      ),
      ...unnoted.map(
        (row): DetectorProposal => ({
          staffId: Number(row.requested_by),
          rule: 'P04',
          occurredAt: new Date(row.requested_at as Date),
          evidence: [{ kind: 'order', id: row.order_no as string }, { kind: 'other', id: `change:${row.id}` }],
          note: `订单 ${row.order_no} 的修改 #${row.id} 没有签名备注`,
        }),
      ),
    ];
  },
};
