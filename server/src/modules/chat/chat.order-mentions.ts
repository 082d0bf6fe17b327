/**
 * An order number the buyer types that does not exist is flagged to the agent (issue 11).
 * After a buyer's text message is stored and acked, its order-number-like tokens
 * (`orderNumbersIn`, shared/src/domain/chat/order-mentions.ts) are looked up in the order
 * registry through `BuyerFacts.orderOwner`; the ones no order has and that are no known
 * shipment's tracking number (`BuyerFacts.knownTrackingNos`) are kept
 * (`chat_unknown_order`) and sent live to the staff who read the chat
 * (`message:unknown-orders`); the conversation's detail returns them on load. Most messages
 * name no number and cost one regular expression; nothing here delays the buyer's ack.
 * Staff only: the buyer's namespace never hears of it.
 */
import type { DataSource } from 'typeorm';
import { orderNumbersIn } from '@kefu/shared/domain/chat/order-mentions';
import type { UnknownOrders } from '@kefu/shared/schemas/chat';
import type { Logger } from '../../platform/log.ts';
import { rooms, type Io } from '../../platform/realtime.ts';
import { chatRepository } from './chat.repository.ts';
import type { BuyerFacts } from './chat.routing.ts';

export class ChatOrderMentions {
  constructor(
    private readonly db: DataSource,
    private readonly io: Io,
    private readonly facts: Pick<BuyerFacts, 'orderOwner' | 'knownTrackingNos'>,
    private readonly clock: () => Date,
    private readonly log: Logger,
  ) {}

  /** Checks a stored buyer message; never throws (a failed check only leaves it unflagged, logged). */
  async check(message: { conversationId: number; seq: number; kind: 'text' | 'image'; text: string | null }): Promise<UnknownOrders | null> {
    if (message.kind !== 'text' || !message.text) return null;
    const mentioned = orderNumbersIn(message.text);
    if (!mentioned.length) return null;
    try {
      const noOrder: string[] = [];
      for (const orderNo of mentioned) if (!(await this.facts.orderOwner(orderNo))) noOrder.push(orderNo);
      if (!noOrder.length) return null;
      // A number with an order's shape that is one of our parcels' tracking numbers is not an unknown order.
      const parcels = await this.facts.knownTrackingNos(noOrder);
      const unknown = noOrder.filter((no) => !parcels.has(no));
      if (!unknown.length) return null;
      const now = this.clock();
      await this.db.query(`INSERT IGNORE INTO chat_unknown_order (conversation_id, seq, order_no, checked_at) VALUES ?`, [
        unknown.map((orderNo) => [message.conversationId, message.seq, orderNo, now]),
      ]);
      const flagged: UnknownOrders = { conversationId: message.conversationId, seq: message.seq, orderNos: unknown };
      const conversation = await chatRepository.findConversation(this.db.manager, message.conversationId);
      if (conversation) {
        const to = [rooms.role('supervisor')];
        if (conversation.agentId) to.push(rooms.staff(conversation.agentId));
        if (conversation.status === 'queued') to.push(rooms.role(conversation.role));
        this.io.to(to).emit('message:unknown-orders', flagged);
      }
      return flagged;
    } catch (err) {
      this.log.warn('chat: checking the order numbers of a message failed', { conversationId: message.conversationId, seq: message.seq, err: String(err) });
      return null;
    }
  }

  /** The flagged messages of one conversation, oldest first (its detail). */
  async of(conversationId: number): Promise<UnknownOrders[]> {
    const rows = (await this.db.query('SELECT seq, order_no AS orderNo FROM chat_unknown_order WHERE conversation_id = ? ORDER BY seq, order_no', [conversationId])) as Array<{
      seq: number;
      orderNo: string;
    }>;
    const bySeq = new Map<number, string[]>();
    for (const row of rows) bySeq.set(Number(row.seq), [...(bySeq.get(Number(row.seq)) ?? []), row.orderNo]);
    return [...bySeq].map(([seq, orderNos]) => ({ conversationId, seq, orderNos }));
  }
}
