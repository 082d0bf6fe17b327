/**
 * A buyer's chat as the registry links to it: a conversation with the buyer's text messages
 * and photos, written straight into the chat tables (the chat itself is tested in the chat
 * module; here only its rows matter).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

export interface ChatFixture {
  conversationId: number;
  messageIds: number[];
  imageIds: string[];
}

export async function chatOf(db: DataSource, buyerId: string, options: { texts?: string[]; photos?: number; at?: Date } = {}): Promise<ChatFixture> {
  const at = options.at ?? new Date();
  const conversation = (await db.query(`INSERT INTO chat_conversation (buyer_id, role, status, opened_at) VALUES (?, 'aftersale', 'closed', ?)`, [buyerId, at])) as { insertId: number };
  const conversationId = Number(conversation.insertId);
  const messageIds: number[] = [];
  const imageIds: string[] = [];
  let seq = 0;
  for (const text of options.texts ?? []) {
    const inserted = (await db.query(`INSERT INTO chat_message (conversation_id, seq, client_id, sender, kind, body, created_at) VALUES (?, ?, ?, 'buyer', 'text', ?, ?)`, [
      conversationId,
      ++seq,
      randomUUID(),
      text,
      at,
    ])) as { insertId: number };
    messageIds.push(Number(inserted.insertId));
  }
  for (let i = 0; i < (options.photos ?? 0); i++) {
    const imageId = randomBytes(12).toString('hex');
    await db.query(`INSERT INTO chat_image (id, conversation_id, uploaded_by_buyer, mime, bytes, path, created_at) VALUES (?, ?, 1, 'image/png', 67, ?, ?)`, [imageId, conversationId, `${imageId}.png`, at]);
    await db.query(`INSERT INTO chat_message (conversation_id, seq, client_id, sender, kind, image_id, created_at) VALUES (?, ?, ?, 'buyer', 'image', ?, ?)`, [conversationId, ++seq, randomUUID(), imageId, at]);
    imageIds.push(imageId);
  }
  await db.query('UPDATE chat_conversation SET last_seq = ? WHERE id = ?', [seq, conversationId]);
  return { conversationId, messageIds, imageIds };
}
