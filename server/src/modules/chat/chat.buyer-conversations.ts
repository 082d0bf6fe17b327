/**
 * The buyer's side of chat (issue 5): the buyer's active conversation — found, reopened
 * within the sticky window, or created and routed — their messages, pages of history, read
 * receipts and typing. Each new or reopened conversation is routed under the agents'
 * presence locks (READ COMMITTED, `transactionWithRetry`), recorded in the change feed, then
 * announced (commit, then emit). ChatService delegates here; split out of chat.service.ts.
 */
import type { DataSource } from 'typeorm';
import { AppError } from '@kefu/shared/errors';
import { reopensOnWrite } from '@kefu/shared/domain/chat/routing';
import type { BuyerMessage, BuyerMessagesPage } from '@kefu/shared/schemas/chat';
import { isDuplicateKey, transactionWithRetry } from '../../platform/db.ts';
import type { ChatBroadcaster } from './chat.broadcast.ts';
import type { ChangeRow, ConversationRow } from './chat.entity.ts';
import { isVisitorId } from './chat.identity.ts';
import type { MessageStore } from './chat.messages.ts';
import { chatRepository, toBuyerMessage, type Tx } from './chat.repository.ts';
import { lastActivityOf, pickAgent, readCapacity, roleFor, type BuyerFacts, type ShiftGate } from './chat.routing.ts';
import { linkedBuyerOf } from './chat.visitors.repository.ts';

export interface BuyerRef {
  buyerId: string;
  orderNo: string | null;
}

export class BuyerConversations {
  constructor(
    private readonly db: DataSource,
    private readonly broadcast: ChatBroadcaster,
    private readonly buyerFacts: BuyerFacts,
    private readonly messages: MessageStore,
    private readonly announce: (change: ChangeRow) => Promise<void>,
    private readonly clock: () => Date,
    private readonly gate: () => ShiftGate | null,
  ) {}

  /**
   * Routing transactions run at READ COMMITTED: after taking an agent's presence lock, the
   * count of their open chats must see every assignment committed before it (REPEATABLE
   * READ would read an older snapshot and could let a capacity be exceeded).
   */
  private routingTx<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return transactionWithRetry(this.db, work);
  }

  /**
   * The buyer's active conversation: the open or queued one; else the last one reopened if
   * it closed within 3 days; else a new one. Each new or reopened conversation is routed.
   */
  async ensureConversation(buyer: BuyerRef): Promise<ConversationRow> {
    for (let attempt = 1; attempt <= 5; attempt++) {
      const latest = await chatRepository.latestOfBuyer(this.db.manager, buyer.buyerId);
      if (latest && latest.status !== 'closed') return latest;
      const now = this.clock();
      if (latest && reopensOnWrite(latest.closedAt, now)) {
        const reopened = await this.reopen(latest, buyer, now);
        if (reopened) return reopened;
        continue; // someone changed it meanwhile: look again
      }
      try {
        return await this.create(buyer, latest, now);
      } catch (err) {
        if (!isDuplicateKey(err)) throw err; // another tab created it first: use that one
      }
    }
    throw new AppError('unavailable', 'The conversation is changing too fast; please try again');
  }

  /** Whose orders decide the role: a visitor an agent has linked is routed as that buyer. */
  private async routedAs(buyer: BuyerRef): Promise<BuyerRef> {
    if (!isVisitorId(buyer.buyerId)) return buyer;
    const linked = await linkedBuyerOf(this.db.manager, buyer.buyerId);
    return linked ? { buyerId: linked, orderNo: buyer.orderNo } : buyer;
  }

  private async create(buyer: BuyerRef, previous: ConversationRow | null, now: Date): Promise<ConversationRow> {
    const role = await roleFor(this.buyerFacts, await this.routedAs(buyer));
    const sticky = previous?.agentId ? { agentId: previous.agentId, lastActivityAt: lastActivityOf(previous) } : null;
    const { id, change } = await this.routingTx(async (tx) => {
      const capacity = await readCapacity(tx);
      const choice = await pickAgent(tx, { role, capacity, now, previous: sticky, gate: this.gate() });
      const agentId = choice?.staffId ?? null;
      const status = agentId ? 'open' : 'queued';
      const id = await chatRepository.insertConversation(tx, {
        buyerId: buyer.buyerId,
        orderNo: buyer.orderNo,
        role,
        status,
        agentId,
        lastMessageAt: null,
        pendingSince: null,
        openedAt: now,
        queuedAt: agentId ? null : now,
        assignedAt: agentId ? now : null,
        closedAt: null,
        closedBy: null,
        firstBuyerMessageAt: null,
        firstResponseAt: null,
        firstResponseBy: null,
        orderConfirmedAt: null,
        orderConfirmedBy: null,
        confirmToCloseMs: null,
        orderPlacedAt: null,
      });
      if (agentId) await chatRepository.touchAssigned(tx, agentId, now);
      const change = await chatRepository.insertChange(tx, {
        conversationId: id,
        kind: 'created',
        version: 1,
        agentId,
        prevAgentId: null,
        role,
        prevRole: null,
        status,
        prevStatus: null,
        byStaffId: null,
        at: now,
      });
      return { id, change };
    });
    this.broadcast.followConversation(buyer.buyerId, id, previous?.id ?? null);
    await this.announce(change);
    return (await chatRepository.findConversation(this.db.manager, id))!;
  }

  private async reopen(closed: ConversationRow, buyer: BuyerRef, now: Date): Promise<ConversationRow | null> {
    const role = await roleFor(this.buyerFacts, await this.routedAs(buyer));
    const sticky = closed.agentId ? { agentId: closed.agentId, lastActivityAt: lastActivityOf(closed) } : null;
    const change = await this.routingTx(async (tx) => {
      const capacity = await readCapacity(tx);
      const choice = await pickAgent(tx, { role, capacity, now, previous: sticky, gate: this.gate() });
      const current = await chatRepository.findConversation(tx, closed.id, { lock: true });
      if (!current || current.status !== 'closed' || current.version !== closed.version) return null;
      const agentId = choice?.staffId ?? null;
      const status = agentId ? 'open' : 'queued';
      const updated = await chatRepository.updateConversation(tx, current.id, current.version, {
        status,
        role,
        agentId,
        orderNo: buyer.orderNo ?? current.orderNo,
        queuedAt: agentId ? null : now,
        assignedAt: agentId ? now : current.assignedAt,
        closedAt: null,
        closedBy: null,
        reopenedCount: current.reopenedCount + 1,
      });
      if (!updated) return null;
      if (agentId) await chatRepository.touchAssigned(tx, agentId, now);
      return chatRepository.insertChange(tx, {
        conversationId: current.id,
        kind: 'reopened',
        version: current.version + 1,
        agentId,
        prevAgentId: current.agentId,
        role,
        prevRole: current.role,
        status,
        prevStatus: 'closed',
        byStaffId: null,
        at: now,
      });
    });
    if (!change) return null;
    this.broadcast.followConversation(buyer.buyerId, closed.id, null);
    await this.announce(change);
    return chatRepository.findConversation(this.db.manager, closed.id);
  }

  /** Stores a buyer's message (creating or reopening the conversation); resolves after commit. */
  async sendAsBuyer(
    buyer: BuyerRef,
    input: { clientId: string; text?: string; imageId?: string },
    knownConversationId: number | null,
    socketId: string | null = null,
  ): Promise<{ message: BuyerMessage; conversationId: number }> {
    let conversationId = knownConversationId ?? (await this.ensureConversation(buyer)).id;
    for (let attempt = 1; attempt <= 3; attempt++) {
      const result = await this.messages.send({
        from: 'buyer',
        buyerId: buyer.buyerId,
        conversationId,
        clientId: input.clientId,
        kind: input.imageId ? 'image' : 'text',
        body: input.text ?? null,
        imageId: input.imageId ?? null,
      });
      if (result.ok) {
        if (result.fresh) this.broadcast.message(result.message, result.conversation, socketId);
        return { message: toBuyerMessage(result.message), conversationId: result.message.conversationId };
      }
      if ('error' in result) throw result.error;
      conversationId = (await this.ensureConversation(buyer)).id; // closed meanwhile: reopen and send again
    }
    throw new AppError('unavailable', 'The conversation is changing too fast; please try again');
  }

  /**
   * The buyer's current conversation and a page of its messages: after `afterSeq` (oldest
   * first; `hasMore`: newer ones follow), or the `limit` just before `beforeSeq` (`hasMore`:
   * older ones exist).
   */
  async buyerPage(buyer: BuyerRef, cursor: { afterSeq?: number | undefined; beforeSeq?: number | undefined }, limit: number): Promise<BuyerMessagesPage> {
    const latest = await chatRepository.latestOfBuyer(this.db.manager, buyer.buyerId);
    if (!latest) return { conversation: null, messages: [], hasMore: false };
    const rows =
      cursor.beforeSeq === undefined
        ? await chatRepository.messagesAfter(this.db.manager, latest.id, cursor.afterSeq ?? 0, limit + 1)
        : await chatRepository.messagesBefore(this.db.manager, latest.id, cursor.beforeSeq, limit + 1);
    const conversation = await chatRepository.buyerConversation(this.db.manager, latest.id);
    // Before a seq the extra row is the oldest (dropped); after a seq it is the newest.
    const page = rows.length > limit ? (cursor.beforeSeq === undefined ? rows.slice(0, limit) : rows.slice(1)) : rows;
    return { conversation, messages: page.map(toBuyerMessage), hasMore: rows.length > limit };
  }

  async currentConversationId(buyerId: string): Promise<number | null> {
    return (await chatRepository.latestOfBuyer(this.db.manager, buyerId))?.id ?? null;
  }

  async buyerRead(buyer: BuyerRef, conversationId: number | null, seq: number): Promise<{ buyerReadSeq: number }> {
    const id = conversationId ?? (await this.currentConversationId(buyer.buyerId));
    if (!id) throw new AppError('not_found', 'You have no conversation yet');
    const readSeq = await chatRepository.setBuyerRead(this.db.manager, id, buyer.buyerId, seq);
    if (readSeq === null) throw new AppError('not_found', 'You have no such conversation');
    const conversation = (await chatRepository.findConversation(this.db.manager, id))!;
    this.broadcast.buyerRead(conversation, readSeq);
    return { buyerReadSeq: readSeq };
  }

  async buyerTyping(buyer: BuyerRef, conversationId: number | null, typing: boolean): Promise<{ ok: true }> {
    if (!conversationId) return { ok: true };
    const conversation = await chatRepository.findConversation(this.db.manager, conversationId);
    if (!conversation || conversation.buyerId !== buyer.buyerId) throw new AppError('not_found', 'You have no such conversation');
    if (conversation.status !== 'closed') this.broadcast.buyerTyping(conversation, typing);
    return { ok: true };
  }

}
