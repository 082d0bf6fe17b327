/**
 * What a case links to in the buyer's chat: the conversation it came from, the photos that
 * prove a quality problem (A04) and the messages that said each checklist item (A05–A07)
 * or gave the return tracking number (A01). Each is checked to be of THIS buyer; a link
 * to another buyer's chat is refused with nothing written.
 */
import { AppError } from '@kefu/shared/errors';
import type { Tx } from '../../platform/db.ts';

type Raw = Record<string, any>;

export const evidenceRepository = {
  /** Refuses (400) a conversation that is not this buyer's. */
  async assertConversation(tx: Tx, buyerId: string, conversationId: number): Promise<void> {
    const rows = (await tx.query('SELECT 1 FROM chat_conversation WHERE id = ? AND buyer_id = ?', [conversationId, buyerId])) as unknown[];
    if (!rows.length) throw new AppError('invalid', `Conversation ${conversationId} is not a chat of buyer ${buyerId}`, { reason: 'not_this_buyer', field: 'conversationId' });
  },

  /** Refuses (400) any image that is not a picture this buyer sent in their own chat. */
  async assertPhotos(tx: Tx, buyerId: string, imageIds: readonly string[]): Promise<void> {
    if (!imageIds.length) return;
    const rows = (await tx.query(
      'SELECT i.id FROM chat_image i JOIN chat_conversation c ON c.id = i.conversation_id WHERE i.id IN (?) AND c.buyer_id = ? AND i.uploaded_by_buyer = 1',
      [imageIds, buyerId],
    )) as Raw[];
    const found = new Set(rows.map((row) => row.id as string));
    const foreign = imageIds.filter((id) => !found.has(id));
    if (foreign.length) throw new AppError('invalid', `Photos ${foreign.join(', ')} were not sent by buyer ${buyerId} in their chat`, { reason: 'not_this_buyer', field: 'photoIds', imageIds: foreign });
  },

  /** Refuses (400) a message that is not in this buyer's conversation. */
  async assertMessage(tx: Tx, buyerId: string, messageId: number, field: string): Promise<void> {
    const rows = (await tx.query('SELECT 1 FROM chat_message m JOIN chat_conversation c ON c.id = m.conversation_id WHERE m.id = ? AND c.buyer_id = ?', [messageId, buyerId])) as unknown[];
    if (!rows.length) throw new AppError('invalid', `Message ${messageId} is not in a chat of buyer ${buyerId}`, { reason: 'not_this_buyer', field });
  },

  /** A photo of this case (its stored path), or null. */
  async photoFile(tx: Tx, caseId: number, imageId: string): Promise<{ path: string; mime: string } | null> {
    const rows = (await tx.query('SELECT i.path, i.mime FROM after_sale_case_photo p JOIN chat_image i ON i.id = p.image_id WHERE p.case_id = ? AND p.image_id = ?', [caseId, imageId])) as Raw[];
    return rows[0] ? { path: rows[0].path as string, mime: rows[0].mime as string } : null;
  },

  /** The pictures a buyer sent in their chats, newest first (what an agent picks from). */
  async buyerPhotos(tx: Tx, buyerId: string): Promise<Array<{ imageId: string; conversationId: number; sentAt: string }>> {
    const rows = (await tx.query(
      'SELECT i.id, i.conversation_id, i.created_at FROM chat_image i JOIN chat_conversation c ON c.id = i.conversation_id WHERE c.buyer_id = ? AND i.uploaded_by_buyer = 1 ORDER BY i.created_at DESC, i.id LIMIT 60',
      [buyerId],
    )) as Raw[];
    return rows.map((row) => ({ imageId: row.id as string, conversationId: Number(row.conversation_id), sentAt: (row.created_at as Date).toISOString() }));
  },

  async addPhotos(tx: Tx, caseId: number, imageIds: readonly string[], by: number, at: Date): Promise<string[]> {
    const existing = new Set(((await tx.query('SELECT image_id FROM after_sale_case_photo WHERE case_id = ?', [caseId])) as Raw[]).map((row) => row.image_id as string));
    const added = [...new Set(imageIds)].filter((id) => !existing.has(id));
    for (const imageId of added) await tx.query('INSERT INTO after_sale_case_photo (case_id, image_id, added_by, added_at) VALUES (?, ?, ?, ?)', [caseId, imageId, by, at]);
    return added;
  },

  async photoCount(tx: Tx, caseId: number): Promise<number> {
    const [row] = (await tx.query('SELECT COUNT(*) AS n FROM after_sale_case_photo WHERE case_id = ?', [caseId])) as Raw[];
    return Number(row?.n ?? 0);
  },

  async photos(tx: Tx, caseId: number) {
    const rows = (await tx.query(
      `SELECT p.image_id, i.conversation_id, i.created_at, p.added_by, s.display_name, p.added_at
       FROM after_sale_case_photo p JOIN chat_image i ON i.id = p.image_id JOIN staff s ON s.id = p.added_by WHERE p.case_id = ? ORDER BY i.created_at, p.image_id`,
      [caseId],
    )) as Raw[];
    return rows.map((row) => ({
      imageId: row.image_id as string,
      conversationId: Number(row.conversation_id),
      sentAt: (row.created_at as Date).toISOString(),
      addedBy: { id: Number(row.added_by), displayName: row.display_name as string },
      addedAt: (row.added_at as Date).toISOString(),
    }));
  },

  /** False when the item was ticked already (a tick is made once, with its time). */
  async tick(tx: Tx, tick: { caseId: number; item: string; messageId: number; by: number; at: Date }): Promise<boolean> {
    const rows = (await tx.query('SELECT 1 FROM after_sale_case_tick WHERE case_id = ? AND item = ?', [tick.caseId, tick.item])) as unknown[];
    if (rows.length) return false;
    await tx.query('INSERT INTO after_sale_case_tick (case_id, item, message_id, ticked_by, ticked_at) VALUES (?, ?, ?, ?, ?)', [tick.caseId, tick.item, tick.messageId, tick.by, tick.at]);
    return true;
  },

  async ticks(tx: Tx, caseId: number) {
    const rows = (await tx.query(
      `SELECT t.item, t.message_id, m.body, t.ticked_by, s.display_name, t.ticked_at
       FROM after_sale_case_tick t JOIN chat_message m ON m.id = t.message_id JOIN staff s ON s.id = t.ticked_by WHERE t.case_id = ? ORDER BY t.ticked_at, t.item`,
      [caseId],
    )) as Raw[];
    return rows.map((row) => ({
      item: row.item as 'goods_intact' | 'prepay_postage' | 'card_filled',
      messageId: Number(row.message_id),
      messageText: (row.body as string | null) ?? null,
      by: { id: Number(row.ticked_by), displayName: row.display_name as string },
      at: (row.ticked_at as Date).toISOString(),
    }));
  },
};
