/** The `chat_visitor` table (anonymous buyers; see chat.visitors.ts). */
import type { VisitorRow } from './chat.entity.ts';
import type { Tx } from './chat.repository.ts';

export const visitorRepository = {
  /** Creates the visitor or renames them (the name they gave last). */
  async save(tx: Tx, id: string, displayName: string, now: Date): Promise<void> {
    await tx.query(
      `INSERT INTO chat_visitor (id, display_name, created_at, updated_at) VALUES (?, ?, ?, ?)
       ON DUPLICATE KEY UPDATE display_name = VALUES(display_name), updated_at = VALUES(updated_at)`,
      [id, displayName, now, now],
    );
  },

  async find(tx: Tx, id: string, options: { lock?: boolean } = {}): Promise<VisitorRow | null> {
    const rows = (await tx.query(
      `SELECT id, display_name AS displayName, created_at AS createdAt, updated_at AS updatedAt, linked_buyer_id AS linkedBuyerId,
        linked_order_no AS linkedOrderNo, linked_by AS linkedBy, linked_at AS linkedAt
       FROM chat_visitor WHERE id = ?${options.lock ? ' FOR UPDATE' : ''}`,
      [id],
    )) as VisitorRow[];
    const row = rows[0];
    return row ? { ...row, linkedBy: row.linkedBy === null ? null : Number(row.linkedBy) } : null;
  },

  async link(tx: Tx, id: string, link: { buyerId: string; orderNo: string; by: number; at: Date }): Promise<void> {
    await tx.query('UPDATE chat_visitor SET linked_buyer_id = ?, linked_order_no = ?, linked_by = ?, linked_at = ?, updated_at = ? WHERE id = ?', [
      link.buyerId,
      link.orderNo,
      link.by,
      link.at,
      link.at,
      id,
    ]);
  },
};

/** For routing and the side panel: the marketplace ID a visitor was linked to, else null. */
export async function linkedBuyerOf(tx: Tx, visitorId: string): Promise<string | null> {
  const rows = (await tx.query('SELECT linked_buyer_id AS linked FROM chat_visitor WHERE id = ?', [visitorId])) as Array<{ linked: string | null }>;
  return rows[0]?.linked ?? null;
}
