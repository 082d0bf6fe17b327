/**
 * Writes hand-made conversations straight into the chat tables (test- and bench-only), as
 * the chat would have stored them: buyer messages carry the first staff answer after them.
 */
import type { EntityManager } from 'typeorm';
import type { KpiConversation, KpiMessage, KpiPayment } from '@kefu/shared/domain/kpis/tally';

let counter = 0;

export interface ScenarioChat {
  buyerId: string;
  agentId: number | null;
  status?: 'open' | 'closed' | 'queued';
  closedAt?: Date | null;
  /** [who, at]: 'buyer' or a staff id. */
  messages: Array<['buyer' | number, Date]>;
}

/** Inserts one conversation with its messages; returns what the pure KPI functions read. */
export async function insertChat(tx: EntityManager, chat: ScenarioChat): Promise<{ conversation: KpiConversation; messages: KpiMessage[] }> {
  const messages: KpiMessage[] = [];
  chat.messages.forEach(([who, at], index) => {
    if (who === 'buyer') {
      const answer = chat.messages.slice(index + 1).find(([w]) => w !== 'buyer');
      messages.push({ conversationId: 0, sender: 'buyer', staffId: null, createdAt: at, answeredAt: answer ? answer[1] : null, answeredBy: answer ? (answer[0] as number) : null });
    } else {
      messages.push({ conversationId: 0, sender: 'staff', staffId: who, createdAt: at, answeredAt: null, answeredBy: null });
    }
  });
  const firstBuyer = messages.find((m) => m.sender === 'buyer') ?? null;
  const opened = chat.messages[0]?.[1] ?? new Date();
  const status = chat.status ?? 'closed';
  const result = (await tx.query(
    `INSERT INTO chat_conversation (buyer_id, role, status, agent_id, last_seq, opened_at, closed_at, first_buyer_message_at, first_response_at, first_response_by)
     VALUES (?, 'presale', ?, ?, ?, ?, ?, ?, ?, ?)`,
    [chat.buyerId, status, chat.agentId, messages.length, opened, status === 'closed' ? (chat.closedAt ?? chat.messages.at(-1)?.[1] ?? opened) : null, firstBuyer?.createdAt ?? null, firstBuyer?.answeredAt ?? null, firstBuyer?.answeredBy ?? null],
  )) as { insertId: number };
  const id = Number(result.insertId);
  for (const [seq, m] of messages.entries()) {
    m.conversationId = id;
    await tx.query(
      `INSERT INTO chat_message (conversation_id, seq, client_id, sender, staff_id, kind, body, created_at, answered_at, answered_by) VALUES (?, ?, ?, ?, ?, 'text', ?, ?, ?, ?)`,
      [id, seq + 1, `kpi-${process.pid}-${++counter}`, m.sender, m.staffId, m.sender === 'buyer' ? '在吗' : '亲，在的', m.createdAt, m.answeredAt, m.answeredBy],
    );
  }
  return {
    conversation: { id, buyerId: chat.buyerId, agentId: chat.agentId, firstBuyerMessageAt: firstBuyer?.createdAt ?? null, firstResponseAt: firstBuyer?.answeredAt ?? null, firstResponseBy: firstBuyer?.answeredBy ?? null },
    messages,
  };
}

/** A paid order of the buyer (the registry's other columns filled plainly). */
export async function insertPayment(tx: EntityManager, payment: KpiPayment, createdBy: number): Promise<void> {
  await tx.query(
    `INSERT INTO shop_order (order_no, buyer_id, status, total_fen, placed_at, paid_at, created_by, created_at, updated_at, version) VALUES (?, ?, 'paid', ?, ?, ?, ?, ?, ?, 1)`,
    [`K${process.pid}${++counter}`, payment.buyerId, payment.totalFen, payment.paidAt, payment.paidAt, createdBy, payment.paidAt, payment.paidAt],
  );
}
