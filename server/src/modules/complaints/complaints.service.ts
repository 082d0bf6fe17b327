/**
 * 客户投诉: register, hand over, resolve, call back (docs/complaints.md). Every move is one
 * transaction guarded by the complaint's version, with its history row and audit line;
 * the new handler is notified after the commit.
 */
import type { Queue } from 'bullmq';
import type { DataSource, EntityManager } from 'typeorm';
import { AppError } from '@kefu/shared/errors';
import { deadlineFor, isOverdue, nextStatus, timeLeftMs, type ComplaintMove, type ComplaintStatus } from '@kefu/shared/domain/complaints/complaints';
import type { Complaint, ComplaintMessage, ComplaintSettings, ComplaintsQuery, NewComplaint } from '@kefu/shared/schemas/complaints';
import { audit } from '../audit/audit.service.ts';
import { notificationsRepository, type NotificationRecord } from '../notifications/notifications.repository.ts';
import { pushNotifications } from '../notifications/notifications.service.ts';
import { affectedRows } from '../../platform/db.ts';
import type { Actor } from '../../platform/http.ts';
import type { Io } from '../../platform/realtime.ts';
import { scheduleOverdue } from './complaints.overdue.ts';
import { complaintSettings, saveComplaintSettings } from './complaints.settings.ts';

/** Attached without a choice: the conversation's last messages. */
const RECENT_MESSAGES = 10;
const EXCERPT_CHARS = 500;

type Row = Record<string, unknown>;
const iso = (v: unknown) => (v ? new Date(v as Date).toISOString() : null);
const bool = (v: unknown) => (v === null || v === undefined ? null : Number(v) === 1);
const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export class ComplaintsService {
  constructor(
    private readonly db: DataSource,
    private readonly io: Io,
    private readonly clock: () => Date,
    /** The complaints queue (the overdue job); null in tests that do not need it. */
    private readonly queue: Queue | null = null,
  ) {}

  private async view(tx: EntityManager, id: number): Promise<Complaint> {
    const rows = (await tx.query('SELECT * FROM complaint WHERE id = ?', [id])) as Row[];
    const r = rows[0];
    if (!r) throw new AppError('not_found', `No complaint ${id}`);
    const events = (await tx.query('SELECT kind, by_staff_id, to_staff_id, note, at FROM complaint_event WHERE complaint_id = ? ORDER BY id', [id])) as Row[];
    const messages = (await tx.query('SELECT seq, sender, staff_id, kind, excerpt, sent_at FROM complaint_message WHERE complaint_id = ? ORDER BY seq', [id])) as Row[];
    return this.toView(
      r,
      events,
      messages.map((m) => ({ seq: Number(m.seq), sender: m.sender as ComplaintMessage['sender'], staffId: numOrNull(m.staff_id), kind: String(m.kind), excerpt: String(m.excerpt), at: iso(m.sent_at) as string })),
    );
  }

  private toView(r: Row, events: Row[], messages: ComplaintMessage[] = []): Complaint {
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
      messages,
    };
  }

  private async assertStaff(tx: EntityManager, id: number, field: string): Promise<void> {
    const rows = (await tx.query('SELECT id FROM staff WHERE id = ? AND active = 1', [id])) as unknown[];
    if (rows.length === 0) throw new AppError('invalid', `${field}: no active staff member ${id}`, { field, reason: 'complaint_staff_inactive' });
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
        if (found[0].buyerId !== input.buyerId) throw new AppError('invalid', `buyerId: conversation ${input.conversationId} is with another buyer`, { field: 'buyerId', reason: 'complaint_other_buyer' });
      }
      const hours = await complaintSettings(tx);
      const result = (await tx.query(
        `INSERT INTO complaint (source, conversation_id, buyer_id, order_no, staff_id, category, severity, handler_id, status, description, review_text, review_link, deadline_at, created_by, created_at, version)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, 1)`,
        [input.source, input.conversationId ?? null, input.buyerId, input.orderNo || null, input.staffId ?? null, input.category, input.severity, input.handlerId, input.description, input.reviewText || null, input.reviewLink ?? null, deadlineFor(input.severity, now, hours), actor.id, now],
      )) as { insertId: number };
      const id = Number(result.insertId);
      if (input.conversationId !== undefined) await this.attachMessages(tx, id, input.conversationId, input.messageSeqs);
      await tx.query('INSERT INTO complaint_event (complaint_id, kind, by_staff_id, to_staff_id, note, at) VALUES (?, ?, ?, ?, NULL, ?)', [id, 'registered', actor.id, input.handlerId, now]);
      await audit(tx, { actorId: actor.id, action: 'complaint.register', entity: 'complaint', entityId: id, details: input, ip: actor.ip, at: now });
      if (input.handlerId !== actor.id) notes = await notificationsRepository.insert(tx, [{ staffId: input.handlerId, kind: 'complaint.assigned', payload: { complaintId: id } }], now);
      return this.view(tx, id);
    });
    pushNotifications(this.io, notes);
    await scheduleOverdue(this.queue, complaint.id, new Date(complaint.deadlineAt), now);
    return complaint;
  }

  /** Copies the chosen messages (or the last ones) of the conversation onto the complaint; a seq not in it is refused. */
  private async attachMessages(tx: EntityManager, complaintId: number, conversationId: number, seqs: readonly number[] | undefined): Promise<void> {
    const chosen = seqs ? [...new Set(seqs)] : null;
    const rows = (await (chosen && chosen.length > 0
      ? tx.query(`SELECT seq, sender, staff_id, kind, body, created_at FROM chat_message WHERE conversation_id = ? AND seq IN (${chosen.map(() => '?').join(', ')}) ORDER BY seq`, [conversationId, ...chosen])
      : chosen
        ? Promise.resolve([])
        : tx.query('SELECT seq, sender, staff_id, kind, body, created_at FROM chat_message WHERE conversation_id = ? ORDER BY seq DESC LIMIT ?', [conversationId, RECENT_MESSAGES]))) as Row[];
    if (chosen && rows.length !== chosen.length) {
      const missing = chosen.filter((seq) => !rows.some((r) => Number(r.seq) === seq));
      throw new AppError('invalid', `messageSeqs: conversation ${conversationId} has no message ${missing.join(', ')}`, { field: 'messageSeqs', reason: 'complaint_no_message', missing: missing.join(', ') });
    }
    for (const r of rows) {
      const body = typeof r.body === 'string' ? r.body : '';
      const excerpt = (r.kind === 'image' && !body ? '[图片]' : body).slice(0, EXCERPT_CHARS) || '—';
      await tx.query('INSERT INTO complaint_message (complaint_id, seq, sender, staff_id, kind, excerpt, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [complaintId, r.seq, r.sender, r.staff_id ?? null, r.kind, excerpt, r.created_at]);
    }
  }

  /** Open complaints by time left (overdue first), then the others newest first; filtered by state, handler, overdue. */
  async list(query: ComplaintsQuery): Promise<Complaint[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.status) {
      where.push('status = ?');
      params.push(query.status);
    }
    if (query.handlerId !== undefined) {
      where.push('handler_id = ?');
      params.push(query.handlerId);
    }
    if (query.overdue === '1') {
      where.push("status = 'open' AND deadline_at < ?");
      params.push(this.clock());
    }
    const rows = (await this.db.query(
      `SELECT * FROM complaint ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY status = 'open' DESC, IF(status = 'open', deadline_at, NULL), id DESC LIMIT 200`,
      params,
    )) as Row[];
    return rows.map((r) => this.toView(r, []));
  }

  settings(): Promise<ComplaintSettings> {
    return complaintSettings(this.db.manager);
  }

  async saveSettings(input: ComplaintSettings, actor: Actor): Promise<ComplaintSettings> {
    const now = this.clock();
    await this.db.transaction(async (tx) => {
      await saveComplaintSettings(tx, input, now);
      await audit(tx, { actorId: actor.id, action: 'complaints.settings', entity: 'setting', entityId: 'complaints', details: input, ip: actor.ip, at: now });
    });
    return input;
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
      if (Number(current.version) !== version) throw new AppError('conflict', 'Someone else has changed this complaint; reload it', { reason: 'complaint_stale' });
      const to = nextStatus(current.status as ComplaintStatus, move);
      if (!to) throw new AppError('conflict', `A ${String(current.status)} complaint cannot be ${move === 'handover' ? 'handed over' : move === 'resolve' ? 'resolved' : 'called back'}`, { reason: 'complaint_status', status: current.status });
      // Only the handler or a supervisor works on a complaint.
      if (Number(current.handler_id) !== actor.id && !actor.roles.includes('supervisor')) throw new AppError('forbidden', 'Only the complaint’s handler or a supervisor can do this', { reason: 'complaint_not_handler' });
      const columns = Object.keys(set);
      const result = await tx.query(`UPDATE complaint SET ${columns.map((c) => `${c} = ?`).join(', ')}, status = ?, version = version + 1 WHERE id = ? AND version = ?`, [...columns.map((c) => set[c]), to, id, version]);
      if (affectedRows(result) !== 1) throw new AppError('conflict', 'Someone else has changed this complaint; reload it', { reason: 'complaint_stale' });
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
