/**
 * History search over the messages a staff member may read (GET /api/chat/search).
 */
import type { ChatRole } from '@kefu/shared/schemas/chat';
import { MESSAGE_SELECT, readableSql, toMessageRow, type MessageWithName, type Reader, type Tx } from './chat.rows.ts';

export const searchRepository = {
  async search(
    tx: Tx,
    reader: Reader,
    filter: { buyerId?: string; agentId?: number; text?: string; from?: Date; to?: Date; beforeId?: number; limit: number },
  ): Promise<Array<{ message: MessageWithName; buyerId: string; role: ChatRole }>> {
    const where: string[] = [];
    const params: unknown[] = [];
    const readable = readableSql(reader);
    where.push(readable.sql);
    params.push(...readable.params);
    if (filter.buyerId) {
      where.push('c.buyer_id = ?');
      params.push(filter.buyerId);
    }
    if (filter.agentId) {
      where.push('(m.staff_id = ? OR EXISTS (SELECT 1 FROM chat_change g WHERE g.conversation_id = c.id AND g.agent_id = ?))');
      params.push(filter.agentId, filter.agentId);
    }
    if (filter.text) {
      where.push(`m.body LIKE ? ESCAPE '\\\\'`);
      params.push(`%${filter.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    }
    if (filter.from) {
      where.push('m.created_at >= ?');
      params.push(filter.from);
    }
    if (filter.to) {
      where.push('m.created_at < ?');
      params.push(filter.to);
    }
    if (filter.beforeId) {
      where.push('m.id < ?');
      params.push(filter.beforeId);
    }
    const rows = (await tx.query(
      `SELECT ${MESSAGE_SELECT}, c.buyer_id AS buyerId, c.role AS convRole
       FROM chat_message m JOIN chat_conversation c ON c.id = m.conversation_id LEFT JOIN staff s ON s.id = m.staff_id
       WHERE ${where.join(' AND ')} ORDER BY m.id DESC LIMIT ?`,
      [...params, filter.limit],
    )) as Array<Record<string, unknown>>;
    return rows.map((raw) => ({ message: toMessageRow(raw), buyerId: String(raw.buyerId), role: raw.convRole as ChatRole }));
  },
};
