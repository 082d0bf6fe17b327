/**
 * 质检: the supervisor inspects a conversation on the checklist (shared/domain/inspection),
 * saves drafts, publishes once; the agent reads their published inspections and answers;
 * a published inspection can be turned into a ledger entry through the scoring module's
 * own LedgerService.record, with the conversation as evidence (docs/inspection.md).
 *
 * Every write is one transaction guarded by the inspection's version, with its audit line;
 * notifications are pushed after the commit.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { AppError } from '@kefu/shared/errors';
import { markProblem, scoreInspection, suggestedRules, type ItemMark } from '@kefu/shared/domain/inspection/checklist';
import { hasAnyRole } from '@kefu/shared/domain/staff/roles';
import type { Inspection, InspectionToLedger, SampleQuery, Sample, SaveInspection } from '@kefu/shared/schemas/inspection';
import { audit } from '../audit/audit.service.ts';
import { notificationsRepository, type NotificationRecord } from '../notifications/notifications.repository.ts';
import { pushNotifications } from '../notifications/notifications.service.ts';
import type { LedgerService } from '../scoring/ledger.service.ts';
import { affectedRows, isDuplicateKey } from '../../platform/db.ts';
import type { Actor } from '../../platform/http.ts';
import type { Io } from '../../platform/realtime.ts';
import { drawSample } from './inspection.sampling.ts';
import { inspectionFigures } from './inspection.kpis.ts';

type Row = Record<string, unknown>;
const iso = (v: unknown) => (v ? new Date(v as Date).toISOString() : null);
const isReader = (actor: Actor) => hasAnyRole(actor.roles, ['supervisor', 'manager']);

const SELECT = `SELECT i.*, c.buyer_id AS buyerId, s.display_name AS staffName, p.display_name AS inspectorName
  FROM inspection i JOIN chat_conversation c ON c.id = i.conversation_id JOIN staff s ON s.id = i.staff_id JOIN staff p ON p.id = i.inspector_id`;

function stale(): AppError {
  return new AppError('conflict', 'Someone else has changed this inspection; reload it', { reason: 'version_changed' });
}

export class InspectionService {
  constructor(
    private readonly db: DataSource,
    private readonly io: Io,
    private readonly clock: () => Date,
    private readonly tz: string,
    private readonly ledger: LedgerService,
  ) {}

  sample(query: SampleQuery): Promise<Sample> {
    return drawSample(this.db.manager, query, this.tz, this.clock(), () => 1 + Math.floor(Math.random() * 2_000_000_000));
  }

  figures(range: { from: string; to: string }) {
    return inspectionFigures(this.db.manager, range, this.tz);
  }

  private toView(r: Row, replies: Row[]): Inspection {
    const items = JSON.parse(String(r.items)) as ItemMark[];
    const result = scoreInspection(items);
    return {
      id: Number(r.id),
      conversationId: Number(r.conversation_id),
      buyerId: String(r.buyerId),
      conversationAt: iso(r.conversation_at) as string,
      staffId: Number(r.staff_id),
      staffName: String(r.staffName),
      inspectorId: Number(r.inspector_id),
      inspectorName: String(r.inspectorName),
      status: r.status as Inspection['status'],
      items,
      summary: (r.summary as string | null) ?? null,
      score: r.score === null ? null : Number(r.score),
      grade: (r.grade as Inspection['grade']) ?? null,
      poor: result.poor,
      suggestedRules: suggestedRules(items),
      createdAt: iso(r.created_at) as string,
      publishedAt: iso(r.published_at),
      ledgerEntryId: r.ledger_entry_id === null ? null : Number(r.ledger_entry_id),
      replies: replies.map((x) => ({ id: Number(x.id), authorId: Number(x.author_id), authorName: String(x.authorName), text: String(x.body), at: iso(x.at) as string })),
      version: Number(r.version),
    };
  }

  private async view(tx: EntityManager, id: number): Promise<Inspection> {
    const rows = (await tx.query(`${SELECT} WHERE i.id = ?`, [id])) as Row[];
    if (!rows[0]) throw new AppError('not_found', `No inspection ${id}`);
    const replies = (await tx.query('SELECT r.*, s.display_name AS authorName FROM inspection_reply r JOIN staff s ON s.id = r.author_id WHERE r.inspection_id = ? ORDER BY r.id', [id])) as Row[];
    return this.toView(rows[0], replies);
  }

  /** Supervisors and managers read every inspection; an agent only their own published ones (others: 404). */
  async get(id: number, actor: Actor): Promise<Inspection> {
    const inspection = await this.view(this.db.manager, id);
    if (isReader(actor) || (inspection.staffId === actor.id && inspection.status === 'published')) return inspection;
    throw new AppError('not_found', `No inspection ${id}`);
  }

  async list(query: { status?: 'draft' | 'published'; staffId?: number }): Promise<Inspection[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.status) {
      where.push('i.status = ?');
      params.push(query.status);
    }
    if (query.staffId) {
      where.push('i.staff_id = ?');
      params.push(query.staffId);
    }
    const rows = (await this.db.query(`${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY i.status = 'draft' DESC, i.id DESC LIMIT 200`, params)) as Row[];
    return rows.map((r) => this.toView(r, []));
  }

  /** The agent's own published inspections, newest first, with their reply threads. */
  async mine(actor: Actor): Promise<Inspection[]> {
    const rows = (await this.db.query(`${SELECT} WHERE i.staff_id = ? AND i.status = 'published' ORDER BY i.published_at DESC, i.id DESC LIMIT 200`, [actor.id])) as Row[];
    const ids = rows.map((r) => Number(r.id));
    const replies = ids.length
      ? ((await this.db.query('SELECT r.*, s.display_name AS authorName FROM inspection_reply r JOIN staff s ON s.id = r.author_id WHERE r.inspection_id IN (?) ORDER BY r.id', [ids])) as Row[])
      : [];
    return rows.map((r) => this.toView(r, replies.filter((x) => Number(x.inspection_id) === Number(r.id))));
  }

  /** Opens a draft for a conversation; a conversation is inspected once (409 inspection_exists names it). */
  async start(conversationId: number, actor: Actor): Promise<Inspection> {
    const now = this.clock();
    return this.db.transaction(async (tx) => {
      const found = (await tx.query(
        'SELECT id, COALESCE(agent_id, first_response_by) AS staffId, COALESCE(first_buyer_message_at, opened_at) AS at FROM chat_conversation WHERE id = ?',
        [conversationId],
      )) as Row[];
      const conversation = found[0];
      if (!conversation) throw new AppError('invalid', `conversationId: no conversation ${conversationId}`, { field: 'conversationId', issues: [{ path: 'conversationId', message: 'no such conversation' }] });
      if (conversation.staffId === null) throw new AppError('conflict', 'Nobody served this conversation: there is no one to inspect', { reason: 'inspection_no_agent' });
      const existing = (await tx.query('SELECT id FROM inspection WHERE conversation_id = ?', [conversationId])) as Row[];
      if (existing[0]) throw new AppError('conflict', `This conversation is inspected already (#${String(existing[0].id)})`, { reason: 'inspection_exists', inspectionId: Number(existing[0].id) });
      let id: number;
      try {
        const result = (await tx.query(
          `INSERT INTO inspection (conversation_id, conversation_at, staff_id, inspector_id, status, items, created_at, updated_at, version) VALUES (?, ?, ?, ?, 'draft', '[]', ?, ?, 1)`,
          [conversationId, conversation.at, conversation.staffId, actor.id, now, now],
        )) as { insertId: number };
        id = Number(result.insertId);
      } catch (err) {
        if (isDuplicateKey(err)) throw new AppError('conflict', 'This conversation is inspected already', { reason: 'inspection_exists' });
        throw err;
      }
      await audit(tx, { actorId: actor.id, action: 'inspection.start', entity: 'inspection', entityId: id, details: { conversationId }, ip: actor.ip, at: now });
      return this.view(tx, id);
    });
  }

  /** Locks the row, checks the version and the status; the caller's UPDATE bumps the version. */
  private async lock(tx: EntityManager, id: number, version: number): Promise<Row> {
    const rows = (await tx.query('SELECT * FROM inspection WHERE id = ? FOR UPDATE', [id])) as Row[];
    const row = rows[0];
    if (!row) throw new AppError('not_found', `No inspection ${id}`);
    if (Number(row.version) !== version) throw stale();
    return row;
  }

  /** Saves the draft's marks and summary; the score and grade are computed here, never taken from the client. */
  async save(id: number, input: SaveInspection, actor: Actor): Promise<Inspection> {
    for (const mark of input.items) {
      const problem = markProblem(mark);
      if (problem) throw new AppError('invalid', `Invalid body: items: ${problem.item}: ${problem.reason}`, { reason: problem.reason, item: problem.item, field: 'items' });
    }
    // One mark per item, the last one given.
    const items = [...new Map(input.items.map((m) => [m.item, m])).values()];
    const result = scoreInspection(items);
    const now = this.clock();
    return this.db.transaction(async (tx) => {
      const row = await this.lock(tx, id, input.version);
      if (row.status !== 'draft') throw new AppError('conflict', 'A published inspection is not changed', { reason: 'inspection_not_draft' });
      const updated = await tx.query('UPDATE inspection SET items = ?, summary = ?, score = ?, grade = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?', [
        JSON.stringify(items),
        input.summary === undefined ? row.summary : input.summary || null,
        result.score,
        result.grade,
        now,
        id,
        input.version,
      ]);
      if (affectedRows(updated) !== 1) throw stale();
      await audit(tx, { actorId: actor.id, action: 'inspection.save', entity: 'inspection', entityId: id, details: { items, summary: input.summary, score: result.score }, ip: actor.ip, at: now });
      return this.view(tx, id);
    });
  }

  /** Draft → published, once, when every item is marked; the agent is told. */
  async publish(id: number, version: number, actor: Actor): Promise<Inspection> {
    const now = this.clock();
    let notes: NotificationRecord[] = [];
    const inspection = await this.db.transaction(async (tx) => {
      const row = await this.lock(tx, id, version);
      if (row.status !== 'draft') throw new AppError('conflict', 'This inspection is published already', { reason: 'inspection_not_draft' });
      const result = scoreInspection(JSON.parse(String(row.items)) as ItemMark[]);
      if (!result.complete) throw new AppError('conflict', `${result.missing.length} checklist item(s) are not marked yet`, { reason: 'inspection_incomplete', count: result.missing.length, missing: result.missing });
      const updated = await tx.query("UPDATE inspection SET status = 'published', published_at = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ? AND status = 'draft'", [now, now, id, version]);
      if (affectedRows(updated) !== 1) throw stale();
      await audit(tx, { actorId: actor.id, action: 'inspection.publish', entity: 'inspection', entityId: id, details: { score: result.score, grade: result.grade }, ip: actor.ip, at: now });
      notes = await notificationsRepository.insert(tx, [{ staffId: Number(row.staff_id), kind: 'inspection.published', payload: { inspectionId: id, score: result.score, grade: result.grade } }], now);
      return this.view(tx, id);
    });
    pushNotifications(this.io, notes);
    return inspection;
  }

  /** The reply thread of a published inspection: the agent inspected, or a supervisor; the other side is told. */
  async reply(id: number, text: string, actor: Actor): Promise<Inspection> {
    const now = this.clock();
    let notes: NotificationRecord[] = [];
    const inspection = await this.db.transaction(async (tx) => {
      const rows = (await tx.query('SELECT * FROM inspection WHERE id = ? FOR UPDATE', [id])) as Row[];
      const row = rows[0];
      const own = row && Number(row.staff_id) === actor.id;
      const supervisor = actor.roles.includes('supervisor');
      if (!row || (!supervisor && !(own && row.status === 'published'))) throw new AppError('not_found', `No inspection ${id}`);
      if (row.status !== 'published') throw new AppError('conflict', 'Only a published inspection can be answered', { reason: 'inspection_not_published' });
      const result = (await tx.query('INSERT INTO inspection_reply (inspection_id, author_id, body, at) VALUES (?, ?, ?, ?)', [id, actor.id, text, now])) as { insertId: number };
      await audit(tx, { actorId: actor.id, action: 'inspection.reply', entity: 'inspection', entityId: id, details: { replyId: Number(result.insertId), text }, ip: actor.ip, at: now });
      const to = own ? Number(row.inspector_id) : Number(row.staff_id);
      if (to !== actor.id) notes = await notificationsRepository.insert(tx, [{ staffId: to, kind: 'inspection.reply', payload: { inspectionId: id, by: actor.displayName } }], now);
      return this.view(tx, id);
    });
    pushNotifications(this.io, notes);
    return inspection;
  }

  /**
   * A published inspection → one ledger entry for the agent, dated when the chat happened,
   * with the chat as evidence, through the scoring module's LedgerService (which checks the
   * rule against the person's roles and refuses a locked month). The inspection is claimed
   * first (ledger_claimed_at), so two clicks make one entry; a refused entry releases it.
   */
  async toLedger(id: number, input: InspectionToLedger, actor: Actor): Promise<Inspection> {
    const now = this.clock();
    const claimed = await this.db.transaction(async (tx) => {
      const row = await this.lock(tx, id, input.version);
      if (row.status !== 'published') throw new AppError('conflict', 'Publish the inspection before turning it into a ledger entry', { reason: 'inspection_not_published' });
      if (row.ledger_claimed_at !== null) throw new AppError('conflict', 'This inspection has been turned into a ledger entry already', { reason: 'inspection_converted' });
      const updated = await tx.query('UPDATE inspection SET ledger_claimed_at = ? WHERE id = ? AND version = ? AND ledger_claimed_at IS NULL', [now, id, input.version]);
      if (affectedRows(updated) !== 1) throw stale();
      return row;
    });
    let entryId: number;
    try {
      const score = claimed.score === null ? '—' : String(claimed.score);
      const entry = await this.ledger.record(
        {
          staffId: Number(claimed.staff_id),
          rule: input.rule,
          occurredAt: new Date(claimed.conversation_at as Date).toISOString(),
          ...(input.points !== undefined ? { points: input.points } : {}),
          evidence: [{ kind: 'chat', id: String(claimed.conversation_id) }],
          note: input.note || `质检 #${id}：${score} 分（${String(claimed.grade ?? '—')}）`,
        },
        actor,
      );
      entryId = entry.id;
    } catch (err) {
      await this.db.query('UPDATE inspection SET ledger_claimed_at = NULL WHERE id = ? AND ledger_entry_id IS NULL', [id]);
      throw err;
    }
    return this.db.transaction(async (tx) => {
      await tx.query('UPDATE inspection SET ledger_entry_id = ?, updated_at = ?, version = version + 1 WHERE id = ?', [entryId, now, id]);
      await audit(tx, { actorId: actor.id, action: 'inspection.ledger', entity: 'inspection', entityId: id, details: { entryId, rule: input.rule, points: input.points }, ip: actor.ip, at: now });
      return this.view(tx, id);
    });
  }
}
