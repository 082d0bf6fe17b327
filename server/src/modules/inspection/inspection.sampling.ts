/**
 * 质检抽查: drawing conversations for the supervisor to inspect (docs/inspection.md). A
 * sample is a seeded random draw (`ORDER BY RAND(seed)`: the same seed and filters give the
 * same chats) among the conversations whose first buyer message falls in the range of shop
 * days, that have an agent, and that nobody has inspected yet — optionally only one agent's
 * or one team's (pre-sale / after-sale), and optionally only those that waited long, were
 * rated 1–2 or have a complaint. Reads only.
 */
import type { EntityManager } from 'typeorm';
import { addDays, dayStart } from '@kefu/shared/domain/kpis/days';
import type { Sample, SampledConversation, SampleQuery } from '@kefu/shared/schemas/inspection';

type Row = Record<string, unknown>;
const iso = (v: unknown) => (v ? new Date(v as Date).toISOString() : null);
const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** Who a conversation is charged to: its agent, else the one who first answered. */
export const AGENT_OF = 'COALESCE(c.agent_id, c.first_response_by)';

export async function drawSample(tx: EntityManager, query: SampleQuery, tz: string, now: Date, randomSeed: () => number): Promise<Sample> {
  const seed = query.seed ?? randomSeed();
  const waitS = query.waitMinutes * 60;
  const where = [
    'c.first_buyer_message_at >= ?',
    'c.first_buyer_message_at < ?',
    `${AGENT_OF} IS NOT NULL`,
    'NOT EXISTS (SELECT 1 FROM inspection i WHERE i.conversation_id = c.id)',
  ];
  const params: unknown[] = [dayStart(query.from, tz), dayStart(addDays(query.to, 1), tz)];
  if (query.staffId !== undefined) {
    where.push(`${AGENT_OF} = ?`);
    params.push(query.staffId);
  }
  if (query.team !== undefined) {
    where.push('c.role = ?');
    params.push(query.team);
  }
  if (query.mode === 'long_wait') {
    // The first question or any later one: answered after the wait, or still unanswered in an
    // open chat after it (a closed chat's last "谢谢" that nobody answered is not a wait).
    where.push(`(TIMESTAMPDIFF(SECOND, c.first_buyer_message_at, c.first_response_at) > ?
      OR EXISTS (SELECT 1 FROM chat_message m WHERE m.conversation_id = c.id AND m.sender = 'buyer'
        AND ((m.answered_at IS NOT NULL AND TIMESTAMPDIFF(SECOND, m.created_at, m.answered_at) > ?)
          OR (m.answered_at IS NULL AND c.status <> 'closed' AND TIMESTAMPDIFF(SECOND, m.created_at, ?) > ?))))`);
    params.push(waitS, waitS, now, waitS);
  } else if (query.mode === 'low_rating') {
    where.push('EXISTS (SELECT 1 FROM chat_rating r WHERE r.conversation_id = c.id AND r.score <= 2)');
  } else if (query.mode === 'complaint') {
    where.push('EXISTS (SELECT 1 FROM complaint k WHERE k.conversation_id = c.id)');
  }
  const rows = (await tx.query(
    `SELECT c.id, c.buyer_id AS buyerId, ${AGENT_OF} AS staffId, s.display_name AS staffName, c.role, c.opened_at AS openedAt, c.closed_at AS closedAt,
       c.last_seq AS messages, TIMESTAMPDIFF(SECOND, c.first_buyer_message_at, c.first_response_at) AS firstResponseS,
       (SELECT r.score FROM chat_rating r WHERE r.conversation_id = c.id) AS rating,
       (SELECT COUNT(*) FROM complaint k WHERE k.conversation_id = c.id) AS complaints
     FROM chat_conversation c JOIN staff s ON s.id = ${AGENT_OF}
     WHERE ${where.join(' AND ')}
     ORDER BY RAND(?) LIMIT ?`,
    [...params, seed, query.count],
  )) as Row[];
  const ids = rows.map((r) => Number(r.id));
  const waits = new Map<number, number>();
  if (ids.length) {
    const found = (await tx.query(
      `SELECT conversation_id AS id, MAX(TIMESTAMPDIFF(SECOND, created_at, answered_at)) AS longest
       FROM chat_message WHERE conversation_id IN (?) AND sender = 'buyer' AND answered_at IS NOT NULL GROUP BY conversation_id`,
      [ids],
    )) as Row[];
    for (const f of found) waits.set(Number(f.id), Number(f.longest));
  }
  const candidates: SampledConversation[] = rows.map((r) => ({
    conversationId: Number(r.id),
    buyerId: String(r.buyerId),
    staffId: Number(r.staffId),
    staffName: String(r.staffName),
    role: String(r.role),
    openedAt: iso(r.openedAt) as string,
    closedAt: iso(r.closedAt),
    messages: Number(r.messages),
    firstResponseS: numOrNull(r.firstResponseS),
    longestWaitS: waits.get(Number(r.id)) ?? null,
    rating: numOrNull(r.rating),
    complaints: Number(r.complaints),
  }));
  return { seed, mode: query.mode, candidates };
}
