/**
 * 满意度: when a chat closes the buyer page asks for a 1–5 rating (docs/kpis.md). Nothing in
 * the chat module calls this: the buyer page asks whenever its conversation is closed and
 * `GET /api/buyer/survey` says a rating is still due, so a buyer who comes back within 24 h
 * still sees the question. One rating per conversation (unique key: a second answer, or two
 * at once, is 409). A 1–2 opens a call-back (回访) for after-sale or the supervisor, and
 * the supervisors are notified — after the commit.
 */
import type { DataSource } from 'typeorm';
import { AppError } from '@kefu/shared/errors';
import { SURVEY_WINDOW_MS, type Callback, type SurveyAnswer } from '@kefu/shared/schemas/satisfaction';
import { audit } from '../audit/audit.service.ts';
import { notificationsRepository, type NotificationRecord } from '../notifications/notifications.repository.ts';
import { pushNotifications } from '../notifications/notifications.service.ts';
import { affectedRows, isDuplicateKey } from '../../platform/db.ts';
import type { Actor, BuyerActor } from '../../platform/http.ts';
import type { Io } from '../../platform/realtime.ts';

interface ConversationFacts {
  id: number;
  status: string;
  agentId: number | null;
  closedBy: number | null;
  closedAt: Date | null;
}

interface CallbackRow {
  id: number;
  conversationId: number;
  ratingId: number;
  buyerId: string;
  staffId: number | null;
  score: number;
  comment: string | null;
  status: 'open' | 'done';
  answer: string | null;
  doneBy: number | null;
  doneAt: Date | null;
  createdAt: Date;
  version: number;
}

const CALLBACK_SELECT = `SELECT cb.id, cb.conversation_id AS conversationId, cb.rating_id AS ratingId, cb.buyer_id AS buyerId, cb.staff_id AS staffId,
  r.score, r.comment, cb.status, cb.answer, cb.done_by AS doneBy, cb.done_at AS doneAt, cb.created_at AS createdAt, cb.version
  FROM quality_callback cb JOIN chat_rating r ON r.id = cb.rating_id`;

function callbackView(row: CallbackRow): Callback {
  return {
    id: Number(row.id),
    conversationId: Number(row.conversationId),
    ratingId: Number(row.ratingId),
    buyerId: row.buyerId,
    staffId: row.staffId === null ? null : Number(row.staffId),
    score: Number(row.score),
    comment: row.comment,
    status: row.status,
    answer: row.answer,
    doneBy: row.doneBy === null ? null : Number(row.doneBy),
    doneAt: row.doneAt ? new Date(row.doneAt).toISOString() : null,
    createdAt: new Date(row.createdAt).toISOString(),
    version: Number(row.version),
  };
}

/** A rating may be given while the conversation is closed and closed at most 24 h ago. */
export function surveyOpen(conversation: Pick<ConversationFacts, 'status' | 'closedAt'>, now: Date): boolean {
  return conversation.status === 'closed' && conversation.closedAt !== null && now.getTime() - new Date(conversation.closedAt).getTime() <= SURVEY_WINDOW_MS;
}

export class SatisfactionService {
  constructor(
    private readonly db: DataSource,
    private readonly io: Io,
    private readonly clock: () => Date,
  ) {}

  /** The buyer's last conversation when it is closed, unrated and within 24 h of closing. */
  async pending(buyer: BuyerActor): Promise<{ survey: { conversationId: number; closedAt: string } | null }> {
    const rows = (await this.db.query(
      `SELECT c.id, c.status, c.closed_at AS closedAt, EXISTS (SELECT 1 FROM chat_rating r WHERE r.conversation_id = c.id) AS rated
       FROM chat_conversation c WHERE c.buyer_id = ? ORDER BY c.id DESC LIMIT 1`,
      [buyer.buyerId],
    )) as Array<{ id: number; status: string; closedAt: Date | null; rated: number }>;
    const last = rows[0];
    if (!last || Number(last.rated) === 1 || !surveyOpen(last, this.clock())) return { survey: null };
    return { survey: { conversationId: Number(last.id), closedAt: new Date(last.closedAt as Date).toISOString() } };
  }

  async answer(buyer: BuyerActor, input: SurveyAnswer): Promise<{ ok: true; callbackId: number | null }> {
    const now = this.clock();
    let notes: NotificationRecord[] = [];
    const result = await this.db.transaction(async (tx) => {
      const rows = (await tx.query(
        'SELECT id, status, agent_id AS agentId, closed_by AS closedBy, closed_at AS closedAt FROM chat_conversation WHERE id = ? AND buyer_id = ? FOR UPDATE',
        [input.conversationId, buyer.buyerId],
      )) as ConversationFacts[];
      const conversation = rows[0];
      // Another buyer's conversation is "not found", never "forbidden": ids are not to be probed.
      if (!conversation) throw new AppError('not_found', `No conversation ${input.conversationId} of yours`);
      if (!surveyOpen(conversation, now)) throw new AppError('conflict', 'This chat cannot be rated now: only a closed chat, within 24 hours of closing', { reason: 'survey_closed' });
      const staffId = conversation.agentId ?? conversation.closedBy;
      let ratingId: number;
      try {
        const inserted = (await tx.query('INSERT INTO chat_rating (conversation_id, buyer_id, staff_id, score, comment, created_at) VALUES (?, ?, ?, ?, ?, ?)', [
          conversation.id,
          buyer.buyerId,
          staffId,
          input.score,
          input.comment || null,
          now,
        ])) as { insertId: number };
        ratingId = Number(inserted.insertId);
      } catch (err) {
        if (isDuplicateKey(err)) throw new AppError('conflict', 'This chat has been rated already', { reason: 'already_rated' });
        throw err;
      }
      await audit(tx, { actorId: null, action: 'satisfaction.rate', entity: 'chat_conversation', entityId: conversation.id, details: { buyerId: buyer.buyerId, score: input.score }, ip: buyer.ip, at: now });
      if (input.score > 2) return { callbackId: null };
      const callback = (await tx.query('INSERT INTO quality_callback (conversation_id, rating_id, buyer_id, staff_id, status, created_at, version) VALUES (?, ?, ?, ?, ?, ?, 1)', [
        conversation.id,
        ratingId,
        buyer.buyerId,
        staffId,
        'open',
        now,
      ])) as { insertId: number };
      const supervisors = (await tx.query(
        `SELECT s.id FROM staff s JOIN staff_role r ON r.staff_id = s.id WHERE r.role = 'supervisor' AND s.active = 1`,
      )) as Array<{ id: number }>;
      notes = await notificationsRepository.insert(
        tx,
        supervisors.map((s) => ({ staffId: Number(s.id), kind: 'satisfaction.low', payload: { conversationId: conversation.id, score: input.score, callbackId: Number(callback.insertId) } })),
        now,
      );
      return { callbackId: Number(callback.insertId) };
    });
    pushNotifications(this.io, notes);
    return { ok: true, ...result };
  }

  async callbacks(status: 'open' | 'done' | undefined): Promise<Callback[]> {
    const rows = (await this.db.query(`${CALLBACK_SELECT} ${status ? 'WHERE cb.status = ?' : ''} ORDER BY cb.status = 'open' DESC, cb.created_at LIMIT 200`, status ? [status] : [])) as CallbackRow[];
    return rows.map(callbackView);
  }

  /** The call-back made: what the buyer said. Guarded by the version (two people, one call). */
  async done(id: number, input: { version: number; answer: string }, actor: Actor): Promise<Callback> {
    const now = this.clock();
    return this.db.transaction(async (tx) => {
      const result = await tx.query(
        `UPDATE quality_callback SET status = 'done', answer = ?, done_by = ?, done_at = ?, version = version + 1 WHERE id = ? AND version = ? AND status = 'open'`,
        [input.answer, actor.id, now, id, input.version],
      );
      if (affectedRows(result) !== 1) {
        const exists = (await tx.query('SELECT id FROM quality_callback WHERE id = ?', [id])) as unknown[];
        if (exists.length === 0) throw new AppError('not_found', `No call-back ${id}`);
        throw new AppError('conflict', 'Someone else has changed this call-back; reload it', { reason: 'stale' });
      }
      await audit(tx, { actorId: actor.id, action: 'satisfaction.callback', entity: 'quality_callback', entityId: id, details: { answer: input.answer }, ip: actor.ip, at: now });
      const rows = (await tx.query(`${CALLBACK_SELECT} WHERE cb.id = ?`, [id])) as CallbackRow[];
      return callbackView(rows[0] as CallbackRow);
    });
  }
}
