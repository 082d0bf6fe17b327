/**
 * Refunds and disputes (退款中 / 维权中, docs/disputes.md): entered by hand or with the
 * order import, each with the marketplace's deadline; the supervisor's daily board lists the
 * open ones by time left and reminds the responsible agent with one click (a notification
 * that lands live in their console, recorded). Handled, ended with an outcome, and after a
 * refund without the goods, the goods' return or the buyer's full payment recorded (which
 * withdraws an A09 proposal). Every write one transaction, version-guarded, audited.
 */
import type { DataSource } from 'typeorm';
import { AppError } from '@kefu/shared/errors';
import {
  compareBoard,
  DEFAULT_DEADLINE_HOURS,
  defaultDeadline,
  DISPUTE_READERS,
  OUTCOMES_OF,
  timeLeftMs,
  type DisputeKind,
  type DisputeOutcome,
  type Recovery,
} from '@kefu/shared/domain/disputes/disputes';
import type { Dispute, DisputeSettings, DisputesList, DisputesQuery, NewDispute } from '@kefu/shared/schemas/disputes';
import { audit } from '../audit/audit.service.ts';
import { notificationsRepository, type NotificationRecord } from '../notifications/notifications.repository.ts';
import { pushNotifications } from '../notifications/notifications.service.ts';
import { ordersRepository } from '../orders/orders.repository.ts';
import { affectedRows, isDuplicateKey, transactionWithRetry, type Tx } from '../../platform/db.ts';
import type { Actor } from '../../platform/http.ts';
import { rooms, type Io } from '../../platform/realtime.ts';
import { withdrawProposal } from '../scoring/scoring.detectors.ts';
import { a09Evidence } from './disputes.detectors.ts';

type Raw = Record<string, any>;

/** What recorded a recovery automatically (the audit row's `because`). */
export type RecoveryCause = 'case_received' | 'recall_received' | 'outcome_paid_full' | 'outcome_goods_returned';

const WITHDRAWN_BECAUSE: Record<Recovery, string> = { goods_returned: '货物已退回，A09 提议自动撤回', paid_full: '买家已全额付款，A09 提议自动撤回' };

/** A09 "revoked if the goods come back or the buyer pays in full": a proposal not yet decided is withdrawn. */
async function withdrawA09(tx: Tx, item: { id: number; agentId: number }, recovery: Recovery, actor: Actor, now: Date): Promise<void> {
  await withdrawProposal(tx, { rule: 'A09', staffId: item.agentId, evidence: a09Evidence(item.id), by: actor.id, at: now, reason: WITHDRAWN_BECAUSE[recovery] });
}

/**
 * A refund recorded `refunded` when the goods are back already, or the buyer already paid the
 * order in full: it did not go through without them (A09 never applies).
 */
async function recoveryOnRecord(tx: Tx, orderId: number, exceptId: number): Promise<{ recovery: Recovery; because: RecoveryCause } | null> {
  const paid = (await tx.query("SELECT 1 FROM order_dispute WHERE order_id = ? AND id <> ? AND outcome = 'paid_full' LIMIT 1", [orderId, exceptId])) as unknown[];
  if (paid.length) return { recovery: 'paid_full', because: 'outcome_paid_full' };
  const caseBack = (await tx.query('SELECT 1 FROM after_sale_case WHERE order_id = ? AND received_at IS NOT NULL LIMIT 1', [orderId])) as unknown[];
  if (caseBack.length) return { recovery: 'goods_returned', because: 'case_received' };
  const recallBack = (await tx.query('SELECT 1 FROM recall_slip WHERE order_id = ? AND received_at IS NOT NULL LIMIT 1', [orderId])) as unknown[];
  if (recallBack.length) return { recovery: 'goods_returned', because: 'recall_received' };
  const returned = (await tx.query("SELECT 1 FROM order_dispute WHERE order_id = ? AND id <> ? AND outcome = 'goods_returned' LIMIT 1", [orderId, exceptId])) as unknown[];
  return returned.length ? { recovery: 'goods_returned', because: 'outcome_goods_returned' } : null;
}
const iso = (v: unknown) => (v ? new Date(v as Date).toISOString() : null);

const SETTING_KEYS: Record<DisputeKind, string> = { refund: 'disputes.refund_hours', dispute: 'disputes.dispute_hours' };

/** The default deadlines (settings, else DEFAULT_DEADLINE_HOURS). */
export async function disputeSettings(tx: Tx): Promise<DisputeSettings> {
  const rows = (await tx.query('SELECT setting_key, value FROM setting WHERE setting_key IN (?, ?)', [SETTING_KEYS.refund, SETTING_KEYS.dispute])) as Raw[];
  const of = (kind: DisputeKind) => {
    const value = Number(rows.find((r) => r.setting_key === SETTING_KEYS[kind])?.value);
    return Number.isInteger(value) && value > 0 ? value : DEFAULT_DEADLINE_HOURS[kind];
  };
  return { refundHours: of('refund'), disputeHours: of('dispute') };
}

/** What an imported order in 退款中 / 维权中 brings (orderimport): one open item per order and kind. */
export interface ImportedDispute {
  orderId: number;
  orderNo: string;
  buyerId: string;
  kind: DisputeKind;
  /** The refund asked, when the export says. */
  amountFen?: number | null;
  /** The marketplace's deadline when the export gives it; else the setting's default from the import's time. */
  deadlineAt?: Date | null;
  /** Who imports (the audit's actor). */
  createdBy: number;
}

export class DisputesService {
  constructor(
    private readonly db: DataSource,
    private readonly io: Io,
    private readonly clock: () => Date,
  ) {}

  /** The board: open ones by time left (overdue first); `open=0` the ended ones, newest first. */
  async list(query: DisputesQuery): Promise<DisputesList> {
    const open = query.open !== '0';
    const rows = (await this.db.query(`SELECT id, deadline_at FROM order_dispute WHERE closed_at IS ${open ? '' : 'NOT '}NULL ORDER BY ${open ? 'deadline_at, id' : 'closed_at DESC, id DESC'} LIMIT ?`, [query.limit])) as Raw[];
    const disputes = await this.views(this.db.manager, rows.map((r) => Number(r.id)));
    if (open) disputes.sort((a, b) => compareBoard({ deadlineAt: new Date(a.deadlineAt), id: a.id }, { deadlineAt: new Date(b.deadlineAt), id: b.id }));
    return { disputes };
  }

  async settings(): Promise<DisputeSettings> {
    return disputeSettings(this.db.manager);
  }

  async saveSettings(input: DisputeSettings, actor: Actor): Promise<DisputeSettings> {
    const now = this.clock();
    await transactionWithRetry(this.db, async (tx) => {
      for (const [key, value] of [
        [SETTING_KEYS.refund, input.refundHours],
        [SETTING_KEYS.dispute, input.disputeHours],
      ] as const) {
        await tx.query('INSERT INTO setting (setting_key, value, updated_at) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE value = VALUES(value), updated_at = VALUES(updated_at)', [key, String(value), now]);
      }
      await audit(tx, { actorId: actor.id, action: 'disputes.settings', entity: 'setting', entityId: 'disputes', details: input, ip: actor.ip, at: now });
    });
    return input;
  }

  async create(input: NewDispute, actor: Actor): Promise<Dispute> {
    const now = this.clock();
    const view = await transactionWithRetry(this.db, async (tx) => {
      const order = await ordersRepository.findByNo(tx, input.orderNo, { lock: true });
      if (!order) throw new AppError('not_found', `No order ${input.orderNo}`, { field: 'orderNo' });
      if (!order.paidAt) throw new AppError('conflict', `Order ${input.orderNo} was never paid: there is nothing to refund or dispute`, { reason: 'dispute_not_paid', status: order.status });
      const agentId = input.agentId ?? actor.id;
      await this.assertAgent(tx, agentId);
      const settings = await disputeSettings(tx);
      const deadlineAt = input.deadlineAt ? new Date(input.deadlineAt) : defaultDeadline(now, input.kind === 'refund' ? settings.refundHours : settings.disputeHours);
      const id = await insertDispute(tx, { orderId: order.id, orderNo: order.orderNo, buyerId: order.buyerId, kind: input.kind, reason: input.reason, amountFen: input.amountFen ?? null, source: 'manual', deadlineAt, agentId, createdBy: actor.id, at: now });
      await audit(tx, { actorId: actor.id, action: 'dispute.open', entity: 'order_dispute', entityId: id, details: { ...input, agentId, deadlineAt: deadlineAt.toISOString() }, ip: actor.ip, at: now });
      return (await this.views(tx, [id]))[0]!;
    });
    this.announce(view);
    return view;
  }

  /**
   * From the order import (an order whose export says 退款中 / 维权中), in the import's
   * transaction: entered once per open order and kind, with the export's deadline or the
   * setting's default from the import's time. Idempotent: a second import finds it open and
   * adds nothing, and one the shop already ended is not opened again unless the export names
   * a new deadline (a new request). The responsible agent is the after-sale agent of the
   * order's active case, else the active after-sale agent with the fewest open items (the
   * supervisor when there is none). Returns the new ids; call `announceImported` after the commit.
   */
  importMany(tx: Tx, items: readonly ImportedDispute[], now: Date): Promise<number[]> {
    return importDisputes(tx, items, now);
  }

  /** After the import's commit: the board and the agents' consoles refresh. */
  async announceImported(ids: readonly number[]): Promise<void> {
    if (!ids.length) return;
    for (const view of await this.views(this.db.manager, [...ids])) this.announce(view);
  }

  async handled(id: number, input: { version: number; note: string }, actor: Actor): Promise<Dispute> {
    return this.change(id, input.version, actor, 'dispute.handled', input, async (tx, current) => {
      if (current.closed_at) throw this.closedError(id);
      return tx.query('UPDATE order_dispute SET handled_at = ?, handled_note = ?, version = version + 1 WHERE id = ? AND version = ?', [this.clock(), input.note, id, input.version]);
    });
  }

  /**
   * The outcome. A09's withdrawal follows from it (docs/disputes.md "A09 withdrawn"): `refunded`
   * when the goods are already back (a case signed 已验收, a recall's 原包裹已收到) or the buyer
   * already paid in full on the order is recovered at once; `paid_full` or `goods_returned`
   * recovers the order's earlier refunds that went through without the goods.
   */
  async outcome(id: number, input: { version: number; outcome: DisputeOutcome; note: string }, actor: Actor): Promise<Dispute> {
    const recovered: number[] = [];
    const view = await this.change(id, input.version, actor, 'dispute.outcome', input, async (tx, current) => {
      if (current.closed_at) throw this.closedError(id);
      const kind = current.kind as DisputeKind;
      if (!OUTCOMES_OF[kind].includes(input.outcome)) {
        throw new AppError('conflict', `A ${kind} cannot end as ${input.outcome}; it ends as ${OUTCOMES_OF[kind].join(', ')}`, { reason: 'dispute_outcome', outcome: input.outcome });
      }
      const now = this.clock();
      const result = await tx.query('UPDATE order_dispute SET outcome = ?, outcome_note = ?, closed_by = ?, closed_at = ?, open_key = NULL, version = version + 1 WHERE id = ? AND version = ?', [
        input.outcome,
        input.note,
        actor.id,
        now,
        id,
        input.version,
      ]);
      recovered.length = 0;
      const orderId = Number(current.order_id);
      if (input.outcome === 'paid_full' || input.outcome === 'goods_returned') {
        recovered.push(...(await this.recoverOrderIn(tx, orderId, input.outcome, input.outcome === 'paid_full' ? 'outcome_paid_full' : 'outcome_goods_returned', actor, now)));
      } else if (input.outcome === 'refunded') {
        const already = await recoveryOnRecord(tx, orderId, id);
        if (already) recovered.push(...(await this.recoverOrderIn(tx, orderId, already.recovery, already.because, actor, now)));
      }
      return result;
    });
    // The view is read after the write, so it shows its own recovery; the others refresh here.
    await this.announceIds(recovered.filter((other) => other !== id));
    return view;
  }

  /** After `refunded`: the goods came back or the buyer paid in full; a pending A09 proposal is withdrawn. */
  async recovered(id: number, input: { version: number; recovery: Recovery; note: string }, actor: Actor): Promise<Dispute> {
    return this.change(id, input.version, actor, 'dispute.recovered', input, async (tx, current) => {
      if (current.outcome !== 'refunded' || current.recovery) {
        throw new AppError('conflict', `Only a refund that went through without the goods can record their return or the buyer's payment (this one: ${current.outcome ?? 'open'})`, { reason: 'dispute_not_refunded' });
      }
      const now = this.clock();
      const result = await tx.query('UPDATE order_dispute SET recovery = ?, recovered_at = ?, version = version + 1 WHERE id = ? AND version = ?', [input.recovery, now, id, input.version]);
      await withdrawA09(tx, { id, agentId: Number(current.agent_id) }, input.recovery, actor, now);
      return result;
    });
  }

  /**
   * In the caller's transaction: the order's goods came back (the warehouse's 已验收 on its
   * case, the recall's 原包裹已收到) or the buyer paid in full. Every refund of the order that
   * went through without the goods records the recovery (automatically, audited with what
   * caused it) and its pending A09 proposal is withdrawn. Idempotent: one already recovered is
   * left alone. Returns the ids changed; `announceIds` them after the commit.
   */
  async recoverOrderIn(tx: Tx, orderId: number, recovery: Recovery, because: RecoveryCause, actor: Actor, now: Date): Promise<number[]> {
    const rows = (await tx.query("SELECT id, agent_id FROM order_dispute WHERE order_id = ? AND outcome = 'refunded' AND recovery IS NULL ORDER BY id FOR UPDATE", [orderId])) as Raw[];
    const changed: number[] = [];
    for (const row of rows) {
      const id = Number(row.id);
      const result = await tx.query("UPDATE order_dispute SET recovery = ?, recovered_at = ?, version = version + 1 WHERE id = ? AND outcome = 'refunded' AND recovery IS NULL", [recovery, now, id]);
      if (affectedRows(result) !== 1) continue;
      await withdrawA09(tx, { id, agentId: Number(row.agent_id) }, recovery, actor, now);
      await audit(tx, { actorId: actor.id, action: 'dispute.recovered', entity: 'order_dispute', entityId: id, details: { recovery, because, automatic: true }, ip: actor.ip, at: now });
      changed.push(id);
    }
    return changed;
  }

  /** After the commit of `recoverOrderIn`: the board and the consoles refresh. */
  async announceIds(ids: readonly number[]): Promise<void> {
    if (!ids.length) return;
    for (const view of await this.views(this.db.manager, [...ids])) this.announce(view);
  }

  /** One click on the board: a notification to the responsible agent, live, and recorded. */
  async remind(id: number, note: string | undefined, actor: Actor): Promise<Dispute> {
    const now = this.clock();
    const { view, notices } = await transactionWithRetry(this.db, async (tx) => {
      const rows = (await tx.query('SELECT * FROM order_dispute WHERE id = ? FOR UPDATE', [id])) as Raw[];
      const current = rows[0];
      if (!current) throw new AppError('not_found', `No refund or dispute ${id}`);
      if (current.closed_at) throw this.closedError(id);
      await tx.query('INSERT INTO order_dispute_reminder (dispute_id, by_staff_id, to_staff_id, note, at) VALUES (?, ?, ?, ?, ?)', [id, actor.id, current.agent_id, note || null, now]);
      await tx.query('UPDATE order_dispute SET version = version + 1 WHERE id = ?', [id]);
      const notices = await notificationsRepository.insert(
        tx,
        [{ staffId: Number(current.agent_id), kind: 'dispute.reminder', payload: { disputeId: id, orderNo: current.order_no, kind: current.kind, deadlineAt: iso(current.deadline_at), by: actor.displayName, ...(note ? { note } : {}) } }],
        now,
      );
      await audit(tx, { actorId: actor.id, action: 'dispute.remind', entity: 'order_dispute', entityId: id, details: { to: Number(current.agent_id), note: note ?? null }, ip: actor.ip, at: now });
      return { view: (await this.views(tx, [id]))[0]!, notices };
    });
    pushNotifications(this.io, notices as NotificationRecord[]);
    this.announce(view);
    return view;
  }

  private async change(id: number, version: number, actor: Actor, action: string, details: object, write: (tx: Tx, current: Raw) => Promise<unknown>): Promise<Dispute> {
    const now = this.clock();
    const view = await transactionWithRetry(this.db, async (tx) => {
      const rows = (await tx.query('SELECT * FROM order_dispute WHERE id = ? FOR UPDATE', [id])) as Raw[];
      const current = rows[0];
      if (!current) throw new AppError('not_found', `No refund or dispute ${id}`);
      if (Number(current.version) !== version) throw new AppError('conflict', `Refund or dispute ${id} was changed since you opened it; look again`, { reason: 'version_changed', version: Number(current.version) });
      if (affectedRows(await write(tx, current)) !== 1) throw new AppError('conflict', `Refund or dispute ${id} was changed meanwhile; look again`, { reason: 'version_changed' });
      await audit(tx, { actorId: actor.id, action, entity: 'order_dispute', entityId: id, details, ip: actor.ip, at: now });
      return (await this.views(tx, [id]))[0]!;
    });
    this.announce(view);
    return view;
  }

  /** The responsible person must be an active after-sale agent (or the supervisor). */
  private async assertAgent(tx: Tx, staffId: number): Promise<void> {
    const rows = (await tx.query(`SELECT 1 FROM staff s JOIN staff_role r ON r.staff_id = s.id WHERE s.id = ? AND s.active = 1 AND r.role IN ('aftersale', 'supervisor') LIMIT 1`, [staffId])) as unknown[];
    if (!rows.length) throw new AppError('invalid', `Staff ${staffId} is not an active after-sale agent`, { field: 'agentId', reason: 'not_aftersale' });
  }

  private closedError(id: number): AppError {
    return new AppError('conflict', `Refund or dispute ${id} has ended already`, { reason: 'dispute_closed' });
  }

  private async views(tx: Tx, ids: readonly number[]): Promise<Dispute[]> {
    if (!ids.length) return [];
    const marks = ids.map(() => '?').join(', ');
    const rows = (await tx.query(
      `SELECT d.*, a.display_name AS agent_name, c.display_name AS created_by_name, x.display_name AS closed_by_name
       FROM order_dispute d JOIN staff a ON a.id = d.agent_id JOIN staff c ON c.id = d.created_by LEFT JOIN staff x ON x.id = d.closed_by WHERE d.id IN (${marks})`,
      [...ids],
    )) as Raw[];
    const reminders = (await tx.query(
      `SELECT r.dispute_id, r.by_staff_id, s.display_name, r.at, r.note FROM order_dispute_reminder r JOIN staff s ON s.id = r.by_staff_id WHERE r.dispute_id IN (${marks}) ORDER BY r.id`,
      [...ids],
    )) as Raw[];
    const now = this.clock();
    const byId = new Map(rows.map((r) => [Number(r.id), r]));
    return ids
      .map((id) => byId.get(id))
      .filter((r): r is Raw => r !== undefined)
      .map((r) => ({
        id: Number(r.id),
        orderNo: r.order_no as string,
        buyerId: r.buyer_id as string,
        kind: r.kind as DisputeKind,
        reason: r.reason as string,
        amountFen: r.amount_fen === null ? null : Number(r.amount_fen),
        source: r.source as 'manual' | 'import',
        deadlineAt: iso(r.deadline_at)!,
        timeLeftMs: timeLeftMs(new Date(r.deadline_at as Date), now),
        agent: { id: Number(r.agent_id), displayName: r.agent_name as string },
        handledAt: iso(r.handled_at),
        handledNote: (r.handled_note as string | null) ?? null,
        outcome: (r.outcome as DisputeOutcome | null) ?? null,
        outcomeNote: (r.outcome_note as string | null) ?? null,
        closedBy: r.closed_by === null ? null : { id: Number(r.closed_by), displayName: r.closed_by_name as string },
        closedAt: iso(r.closed_at),
        recovery: (r.recovery as Recovery | null) ?? null,
        recoveredAt: iso(r.recovered_at),
        createdBy: { id: Number(r.created_by), displayName: r.created_by_name as string },
        createdAt: iso(r.created_at)!,
        reminders: reminders
          .filter((m) => Number(m.dispute_id) === Number(r.id))
          .map((m) => ({ by: { id: Number(m.by_staff_id), displayName: m.display_name as string }, at: iso(m.at)!, note: (m.note as string | null) ?? null })),
        version: Number(r.version),
      }));
  }

  private announce(view: Dispute): void {
    this.io.to(DISPUTE_READERS.map(rooms.role)).emit('dispute:changed', { id: view.id, orderNo: view.orderNo, version: view.version });
  }
}

/**
 * The order import's refunds and disputes (DisputesService.importMany; also the import command,
 * which has no console to tell).
 */
export async function importDisputes(tx: Tx, items: readonly ImportedDispute[], now: Date): Promise<number[]> {
  if (!items.length) return [];
  const settings = await disputeSettings(tx);
  const ids: number[] = [];
  for (const item of items) {
    const previous = (await tx.query('SELECT id, closed_at, deadline_at, source FROM order_dispute WHERE order_id = ? AND kind = ? ORDER BY id DESC', [item.orderId, item.kind])) as Raw[];
    if (previous.some((p) => p.closed_at === null)) continue;
    const sameRequest = (p: Raw) => p.source === 'import' && (!item.deadlineAt || new Date(p.deadline_at).getTime() === item.deadlineAt.getTime());
    if (previous.some(sameRequest)) continue;
    const deadlineAt = item.deadlineAt ?? defaultDeadline(now, item.kind === 'refund' ? settings.refundHours : settings.disputeHours);
    const agentId = await importAgent(tx, item.orderId);
    if (agentId === null) continue;
    const reason = item.kind === 'refund' ? '订单导入：退款中' : '订单导入：维权中';
    const id = await insertDispute(tx, { ...item, reason, amountFen: item.amountFen ?? null, source: 'import', deadlineAt, agentId, at: now });
    await audit(tx, {
      actorId: item.createdBy,
      action: 'dispute.import',
      entity: 'order_dispute',
      entityId: id,
      details: { orderNo: item.orderNo, kind: item.kind, agentId, deadlineAt: deadlineAt.toISOString(), deadlineFrom: item.deadlineAt ? 'export' : 'default' },
      ip: null,
      at: now,
    });
    ids.push(id);
  }
  return ids;
}

async function importAgent(tx: Tx, orderId: number): Promise<number | null> {
  const owner = (await tx.query(
    `SELECT c.opened_by FROM after_sale_case c JOIN staff s ON s.id = c.opened_by JOIN staff_role r ON r.staff_id = s.id AND r.role = 'aftersale'
     WHERE c.order_id = ? AND s.active = 1 ORDER BY c.status IN ('closed', 'rejected'), c.id DESC LIMIT 1`,
    [orderId],
  )) as Raw[];
  if (owner[0]) return Number(owner[0].opened_by);
  const least = (await tx.query(
    `SELECT s.id FROM staff s JOIN staff_role r ON r.staff_id = s.id AND r.role = ?
     WHERE s.active = 1 ORDER BY (SELECT COUNT(*) FROM order_dispute d WHERE d.agent_id = s.id AND d.closed_at IS NULL), s.id LIMIT 1`,
    ['aftersale'],
  )) as Raw[];
  if (least[0]) return Number(least[0].id);
  const supervisor = (await tx.query(`SELECT s.id FROM staff s JOIN staff_role r ON r.staff_id = s.id AND r.role = 'supervisor' WHERE s.active = 1 ORDER BY s.id LIMIT 1`)) as Raw[];
  return supervisor[0] ? Number(supervisor[0].id) : null;
}

async function insertDispute(
  tx: Tx,
  row: { orderId: number; orderNo: string; buyerId: string; kind: DisputeKind; reason: string; amountFen: number | null; source: 'manual' | 'import'; deadlineAt: Date; agentId: number; createdBy: number; at: Date },
): Promise<number> {
  try {
    const result = (await tx.query(
      `INSERT INTO order_dispute (order_id, open_key, order_no, buyer_id, kind, reason, amount_fen, source, deadline_at, agent_id, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [row.orderId, `${row.orderId}:${row.kind}`, row.orderNo, row.buyerId, row.kind, row.reason, row.amountFen, row.source, row.deadlineAt, row.agentId, row.createdBy, row.at],
    )) as { insertId: number };
    return Number(result.insertId);
  } catch (err) {
    if (isDuplicateKey(err)) throw new AppError('conflict', `Order ${row.orderNo} already has an open ${row.kind}`, { reason: 'dispute_exists' });
    throw err;
  }
}
