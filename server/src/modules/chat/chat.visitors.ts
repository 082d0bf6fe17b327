/**
 * Anonymous visitors (issue 11): the name each gave, and the link an agent makes to a
 * marketplace ID once a check has passed. Linking records that this visitor is that buyer
 * for the shop's side (the agents' list and side panel, and routing by that buyer's orders);
 * it never opens that buyer's earlier chats to the visitor — the visitor keeps reading only
 * the conversations held under their own visitor id.
 *
 * The check: the visitor names an order number and the marketplace ID; the order must exist
 * and belong to that ID, and when the order has a receiver phone, the visitor must also give
 * its last four digits.
 */
import type { DataSource } from 'typeorm';
import { AppError } from '@kefu/shared/errors';
import type { ConversationSummary, LinkVisitorBody } from '@kefu/shared/schemas/chat';
import type { SessionUser } from '@kefu/shared/schemas/staff';
import { audit } from '../audit/audit.service.ts';
import { transactionWithRetry } from '../../platform/db.ts';
import { isVisitorId } from './chat.identity.ts';
import { chatRepository } from './chat.repository.ts';
import { visitorRepository } from './chat.visitors.repository.ts';
import type { BuyerFacts } from './chat.routing.ts';
import { readerOf } from './chat.service.ts';

/** The order is that buyer's, and the receiver phone (when the order has one) ends in the four digits given. */
export function checkPasses(order: { buyerId: string; receiverPhone: string | null } | null, body: LinkVisitorBody): boolean {
  if (!order || order.buyerId !== body.buyerId) return false;
  if (!order.receiverPhone) return true;
  return body.phoneLast4 !== undefined && order.receiverPhone.replace(/\D/g, '').endsWith(body.phoneLast4);
}

export class VisitorService {
  constructor(
    private readonly db: DataSource,
    private readonly facts: BuyerFacts,
    private readonly clock: () => Date,
  ) {}

  /** A visitor starts (or starts again) under the name they give. */
  async start(visitorId: string, displayName: string): Promise<void> {
    await visitorRepository.save(this.db.manager, visitorId, displayName, this.clock());
  }

  /**
   * The conversation's agent (or the supervisor) links its anonymous visitor to a
   * marketplace ID after checking an order of that buyer; audited in the same transaction.
   */
  async link(user: SessionUser & { ip?: string | null }, conversationId: number, body: LinkVisitorBody): Promise<ConversationSummary> {
    const reader = readerOf(user);
    const owner = await this.facts.orderOwner(body.orderNo);
    await transactionWithRetry(this.db, async (tx) => {
      const conversation = await chatRepository.findConversation(tx, conversationId);
      if (!conversation || !(await chatRepository.canRead(tx, reader, conversationId))) throw new AppError('not_found', `No conversation ${conversationId} that you can see`);
      if (!reader.supervisor && conversation.agentId !== user.id) throw new AppError('forbidden', 'Only the chat’s agent or the supervisor links its visitor');
      if (!isVisitorId(conversation.buyerId)) throw new AppError('conflict', 'This buyer came with a signed link: already identified', { reason: 'not_a_visitor' });
      const visitor = await visitorRepository.find(tx, conversation.buyerId, { lock: true });
      if (!visitor) throw new AppError('not_found', 'No such visitor');
      // One answer for "no such order" and "someone else's order": the check either passes or not.
      if (!checkPasses(owner, body)) throw new AppError('conflict', `Order ${body.orderNo} is not an order of ${body.buyerId}`, { reason: 'order_mismatch' });
      const now = this.clock();
      await visitorRepository.link(tx, visitor.id, { buyerId: body.buyerId, orderNo: body.orderNo, by: user.id, at: now });
      await audit(tx, {
        actorId: user.id,
        action: 'chat.visitor.link',
        entity: 'chat_visitor',
        entityId: visitor.id,
        details: { conversationId, before: visitor.linkedBuyerId, buyerId: body.buyerId, orderNo: body.orderNo },
        ip: user.ip ?? null,
        at: now,
      });
    });
    return (await chatRepository.summaryOf(this.db.manager, conversationId))!;
  }
}
