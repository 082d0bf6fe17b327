/**
 * 客户投诉: register, hand over, resolve, call back (docs/complaints.md). Every move is one
 * transaction guarded by the complaint's version, with its history row and audit line;
 * the new handler is notified after the commit.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { AppError } from '@kefu/shared/errors';
import { deadlineFor, isOverdue, nextStatus, timeLeftMs, type ComplaintMove, type ComplaintStatus } from '@kefu/shared/domain/complaints/complaints';
import type { Complaint, NewComplaint } from '@kefu/shared/schemas/complaints';
import { audit } from '../audit/audit.service.ts';
import { notificationsRepository, type NotificationRecord } from '../notifications/notifications.repository.ts';
import { pushNotifications } from '../notifications/notifications.service.ts';
import { affectedRows } from '../../platform/db.ts';
import type { Actor } from '../../platform/http.ts';
import type { Io } from '../../platform/realtime.ts';

type Row = Record<string, unknown>;
const iso = (v: unknown) => (v ? new Date(v as Date).toISOString() : null);
const bool = (v: unknown) => (v === null || v === undefined ? null : Number(v) === 1);
const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export class ComplaintsService {
  constructor(
    private readonly db: DataSource,
    private readonly io: Io,
    private readonly clock: () => Date,
  ) {}

  private async view(tx: EntityManager, id: number): Promise<Complaint> {
    const rows = (await tx.query('SELECT * FROM complaint WHERE id = ?', [id])) as Row[];
    const r = rows[0];
    if (!r) throw new AppError('not_found', `No complaint ${id}`);
    const events = (await tx.query('SELECT kind, by_staff_id, to_staff_id, note, at FROM complaint_event WHERE complaint_id = ? ORDER BY id', [id])) as Row[];
    return this.toView(r, events);
  }

  private toView(r: Row, events: Row[]): Complaint {
    const now = this.clock();
    const status = r.status as ComplaintStatus;
    const deadlineAt = new Date(r.deadline_at as Date);
    return {
      id: Number(r.id),
      source: r.source as Complaint['source'],
      conversationId: numOrNull(r.conversation_id),
      buyerId: String(r.buyer_id),
      orderNo: (r.order_no as string | null) ?? null,
      staffId: numOrNull(r.staff_id),
      category: r.category as Complaint['category'],
      severity: r.severity as Complaint['severity'],
      handlerId: Number(r.handler_id),
      status,
      description: String(r.description),
      reviewText: (r.review_text as string | null) ?? null,
      reviewLink: (r.review_link as string | null) ?? null,
      investigation: (r.investigation as string | null) ?? null,
      resolution: (r.resolution as string | null) ?? null,
      verified: bool(r.verified),
      callbackAnswer: (r.callback_answer as string | null) ?? null,
      callbackSatisfied: bool(r.callback_satisfied),
      deadlineAt: deadlineAt.toISOString(),
      timeLeftMs: timeLeftMs({ status, deadlineAt }, now),
      overdue: isOverdue({ status, deadlineAt }, now),
      createdBy: Number(r.created_by),
      createdAt: iso(r.created_at) as string,
      resolvedAt: iso(r.resolved_at),
      closedAt: iso(r.closed_at),
      version: Number(r.version),
      events: events.map((e) => ({ kind: String(e.kind), byStaffId: Number(e.by_staff_id), toStaffId: numOrNull(e.to_staff_id), note: (e.note as string | null) ?? null, at: iso(e.at) as string })),
    };
  }

  private async assertStaff(tx: EntityManager, id: number, field: string): Promise<void> {
    const rows = (await tx.query('SELECT id FROM staff WHERE id = ? AND active = 1', [id])) as unknown[];
    if (rows.length === 0) throw new AppError('invalid', `${field}: no active staff member ${id}`, { field });
  }

  async register(input: NewComplaint, actor: Actor): Promise<Complaint> {
    const now = this.clock();
    let notes: NotificationRecord[] = [];
    const complaint = await this.db.transaction(async (tx) => {
      await this.assertStaff(tx, input.handlerId, 'handlerId');
      if (input.staffId !== undefined) await this.assertStaff(tx, input.staffId, 'staffId');
      if (input.conversationId !== undefined) {
        const found = (await tx.query('SELECT buyer_id AS buyerId FROM chat_conversation WHERE id = ?', [input.conversationId])) as Array<{ buyerId: string }>;
        if (!found[0]) throw new AppError('invalid', `conversationId: no conversation ${input.conversationId}`, { field: 'conversationId' });
      }
      const result = (await tx.query(
        `INSERT INTO complaint (source, conversation_id, buyer_id, order_no, staff_id, category, severity, handler_id, status, description, review_text, review_link, deadline_at, created_by, created_at, version)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, 1)`,
        [input.source, input.conversationId ?? null, input.buyerId, input.orderNo || null, input.staffId ?? null, input.category, input.severity, input.handlerId, input.description, input.reviewText || null, input.reviewLink ?? null, deadlineFor(input.severity, now), actor.id, now],
      )) as { insertId: number };
      const id = Number(result.insertId);
      await tx.query('INSERT INTO complaint_event (complaint_id, kind, by_staff_id, to_staff_id, note, at) VALUES (?, ?, ?, ?, NULL, ?)', [id, 'registered', actor.id, input.handlerId, now]);
      await audit(tx, { actorId: actor.id, action: 'complaint.register', entity: 'complaint', entityId: id, details: input, ip: actor.ip, at: now });
      if (input.handlerId !== actor.id) notes = await notificationsRepository.insert(tx, [{ staffId: input.handlerId, kind: 'complaint.assigned', payload: { complaintId: id } }], now);
      return this.view(tx, id);
    });
    pushNotifications(this.io, notes);
    return complaint;
  }

  /** Open complaints by time left (overdue first), then the others newest first. */
  async list(status: ComplaintStatus | undefined): Promise<Complaint[]> {
    const rows = (await this.db.query(
      `SELECT * FROM complaint ${status ? 'WHERE status = ?' : ''} ORDER BY status = 'open' DESC, IF(status = 'open', deadline_at, NULL), id DESC LIMIT 200`,
      status ? [status] : [],
    )) as Row[];
    return rows.map((r) => this.toView(r, []));
  }

  get(id: number): Promise<Complaint> {
    return this.view(this.db.manager, id);
  }

  private async move(id: number, move: ComplaintMove, version: number, actor: Actor, set: Record<string, unknown>, event: { toStaffId?: number; note?: string }): Promise<Complaint> {
    const now = this.clock();
    let notes: NotificationRecord[] = [];
    const complaint = await this.db.transaction(async (tx) => {
      const rows = (await tx.query('SELECT status, version, handler_id FROM complaint WHERE id = ? FOR UPDATE', [id])) as Row[];
      const current = rows[0];
      if (!current) throw new AppError('not_found', `No complaint ${id}`);
      if (Number(current.version) !== version) throw new AppError('conflict', 'Someone else has changed this complaint; reload it', { reason: 'stale' });
      const to = nextStatus(current.status as ComplaintStatus, move);
      if (!to) throw new AppError('conflict', `A ${String(current.status)} complaint cannot be ${move === 'handover' ? 'handed over' : move === 'resolve' ? 'resolved' : 'called back'}`, { reason: 'status', status: current.status });
      // Only the handler or a supervisor works on a complaint.
      if (Number(current.handler_id) !== actor.id && !actor.roles.includes('supervisor')) throw new AppError('forbidden', 'Only the complaint’s handler or a supervisor can do this');
      const columns = Object.keys(set);
      const result = await tx.query(`UPDATE complaint SET ${columns.map((c) => `${c} = ?`).join(', ')}, status = ?, version = version + 1 WHERE id = ? AND version = ?`, [...columns.map((c) => set[c]), to, id, version]);
      if (affectedRows(result) !== 1) throw new AppError('conflict', 'Someone else has changed this complaint; reload it', { reason: 'stale' });
      await tx.query('INSERT INTO complaint_event (complaint_id, kind, by_staff_id, to_staff_id, note, at) VALUES (?, ?, ?, ?, ?, ?)', [id, move, actor.id, event.toStaffId ?? null, event.note ?? null, now]);
      await audit(tx, { actorId: actor.id, action: `complaint.${move}`, entity: 'complaint', entityId: id, details: set, ip: actor.ip, at: now });
      if (event.toStaffId !== undefined) notes = await notificationsRepository.insert(tx, [{ staffId: event.toStaffId, kind: 'complaint.assigned', payload: { complaintId: id } }], now);
      return this.view(tx, id);
    });
    pushNotifications(this.io, notes);
    return complaint;
  }

  async handover(id: number, input: { version: number; toStaffId: number; note: string }, actor: Actor): Promise<Complaint> {
    await this.assertStaff(this.db.manager, input.toStaffId, 'toStaffId');
    return this.move(id, 'handover', input.version, actor, { handler_id: input.toStaffId }, { toStaffId: input.toStaffId, note: input.note });
  }

  resolve(id: number, input: { version: number; investigation: string; resolution: string; verified: boolean }, actor: Actor): Promise<Complaint> {
    return this.move(id, 'resolve', input.version, actor, { investigation: input.investigation, resolution: input.resolution, verified: input.verified ? 1 : 0, resolved_at: this.clock() }, { note: input.resolution });
  }

  callback(id: number, input: { version: number; answer: string; satisfied: boolean }, actor: Actor): Promise<Complaint> {
    return this.move(id, 'callback', input.version, actor, { callback_answer: input.answer, callback_satisfied: input.satisfied ? 1 : 0, closed_at: this.clock() }, { note: input.answer });
  }
}
