/**
 * Chat (issue 5): conversations from the buyer's first message to their closing, with
 * routing, transfers, the queue, read receipts, images, history and the records the KPIs
 * and G09 need. Every state change is a guarded update in a transaction, recorded in the
 * change feed, then broadcast (commit, then emit).
 */
import type { DataSource } from 'typeorm';
import { AppError } from '@kefu/shared/errors';
import { reopensOnWrite } from '@kefu/shared/domain/chat/routing';
import type {
  BuyerMessage,
  BuyerMessagesPage,
  CannedReply,
  CannedReplyPatch,
  ChangesPage,
  ChatMessage,
  ChatSettings,
  ChatSettingsBody,
  ConversationDetail,
  ConversationSummary,
  ImageUploaded,
  MessagesPage,
  NewCannedReply,
  SearchQuery,
  SearchResults,
  TransferBody,
} from '@kefu/shared/schemas/chat';
import type { SessionUser } from '@kefu/shared/schemas/staff';
import { isDuplicateKey, transactionWithRetry } from '../../platform/db.ts';
import type { Logger } from '../../platform/log.ts';
import { ChatAssignment } from './chat.assignment.ts';
import type { ChatBroadcaster } from './chat.broadcast.ts';
import type { ChangeRow, ConversationRow } from './chat.entity.ts';
import type { ImageStore } from './chat.images.ts';
import { MessageStore, type SendItem } from './chat.messages.ts';
import { isVisitorId } from './chat.identity.ts';
import { linkedBuyerOf } from './chat.visitors.repository.ts';
import { chatRepository, toBuyerMessage, toChatChange, toChatMessage, type Tx } from './chat.repository.ts';
import { readerOf, type Actor } from './chat.rows.ts';
import { hasJoined } from './chat.help.ts';
import { queuePlaces, queuesMovedBy } from './chat.queue.ts';
import { ChatSearchIndex } from './chat.search.index.ts';
import { ChatConfig } from './chat.settings.ts';
import { lastActivityOf, pickAgent, readCapacity, roleFor, type BuyerFacts, type ShiftGate } from './chat.routing.ts';

export interface BuyerRef {
  buyerId: string;
  orderNo: string | null;
}

export { readerOf };

/** How often each process looks for queued chats an agent has room for (a safety net; frees and logins drain at once). */
export const QUEUE_SWEEP_MS = 3000;

/** A payment up to this long after a conversation closed still counts as its conversion (询单转化). */
export const CONVERSION_WINDOW_MS = 24 * 60 * 60 * 1000;

export class ChatService {
  readonly messages: MessageStore;
  readonly assignment: ChatAssignment;
  readonly config: ChatConfig;
  readonly searchIndex: ChatSearchIndex;
  private sweepTimer: NodeJS.Timeout | null = null;
  /** The roster's say on who may be offered chats (issue 14); set where the app is composed. */
  shiftGate: ShiftGate | null = null;

  constructor(
    private readonly db: DataSource,
    private readonly broadcast: ChatBroadcaster,
    private readonly buyerFacts: BuyerFacts,
    private readonly images: ImageStore,
    private readonly clock: () => Date,
    private readonly log: Logger,
  ) {
    this.messages = new MessageStore(db, clock, log);
    this.assignment = new ChatAssignment(db, (change) => this.announce(change), clock, () => this.shiftGate);
    this.config = new ChatConfig(db, broadcast, () => this.drainAll(), clock);
    this.searchIndex = new ChatSearchIndex(db, clock, log);
  }

  /** Resolves once the full-text index is found (or known to be missing) and in use. */
  searchReady: Promise<void> = Promise.resolve();

  /** Starts the periodic queue sweep and the search index's upkeep (unref'd timers: they never keep the process alive). */
  startSweeping(): void {
    this.searchReady = this.searchIndex
      .start()
      .then(() => void (this.messages.indexText = this.searchIndex.engine !== null))
      .catch((err) => this.log.warn('chat search index unavailable; text search scans with LIKE', { err: String(err) }));
    this.sweepTimer ??= setInterval(() => {
      if (!this.db.isInitialized) return;
      this.drainAll().catch((err) => this.log.warn('queue sweep failed', { err: String(err) }));
    }, QUEUE_SWEEP_MS);
    this.sweepTimer.unref();
  }

  /** Set when the process is stopping: disconnects then are not absences (the clients move to another process). */
  closing = false;

  /** Called first on SIGTERM: no more sweeps, and disconnects stop touching presence. */
  beginShutdown(): void {
    this.closing = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = null;
    this.searchIndex.stop();
  }

  // ---- transactions ----------------------------------------------------------------

  /**
   * Routing transactions run at READ COMMITTED: after taking an agent's presence lock, the
   * count of their open chats must see every assignment committed before it (REPEATABLE
   * READ would read an older snapshot and could let a capacity be exceeded).
   */
  private routingTx<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return transactionWithRetry(this.db, work);
  }

  /** Broadcasts a committed change (its summary to staff, its buyer view to the buyer). */
  async announce(change: ChangeRow): Promise<void> {
    const [summary, buyerView] = await Promise.all([
      chatRepository.summaryOf(this.db.manager, change.conversationId),
      chatRepository.buyerConversation(this.db.manager, change.conversationId),
    ]);
    this.broadcast.conversationChanged(change, summary, buyerView);
    for (const role of queuesMovedBy(change)) this.broadcast.queuePlaces(await queuePlaces(this.db.manager, role));
  }

  // ---- buyers ----------------------------------------------------------------------

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
      const choice = await pickAgent(tx, { role, capacity, now, previous: sticky, gate: this.shiftGate });
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
      const choice = await pickAgent(tx, { role, capacity, now, previous: sticky, gate: this.shiftGate });
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

  async uploadAsBuyer(buyer: BuyerRef, bytes: Buffer): Promise<ImageUploaded> {
    // Sending a picture is writing: it opens (or reopens) the conversation like a text would.
    return this.storeImage(bytes, null, async () => (await this.ensureConversation(buyer)).id);
  }

  async imageForBuyer(buyer: BuyerRef, imageId: string): Promise<{ path: string; mime: string }> {
    const image = await chatRepository.findImage(this.db.manager, imageId);
    const conversation = image ? await chatRepository.findConversation(this.db.manager, image.conversationId) : null;
    if (!image || !conversation || conversation.buyerId !== buyer.buyerId) throw new AppError('not_found', 'No such image');
    return { path: this.images.absolute(image.path), mime: image.mime };
  }

  // ---- staff: reading --------------------------------------------------------------

  private async assertCanRead(user: SessionUser, conversationId: number): Promise<void> {
    if (await chatRepository.canRead(this.db.manager, readerOf(user), conversationId)) return;
    // Not found and not yours look alike: no probing for other agents' chats.
    throw new AppError('not_found', `No conversation ${conversationId} that you can see`);
  }

  async list(user: SessionUser, scope: 'mine' | 'queue' | 'all'): Promise<{ conversations: ConversationSummary[]; feedSeq: number }> {
    const reader = readerOf(user);
    const feedSeq = await chatRepository.feedHead(this.db.manager); // read first: later changes are caught up
    if (scope === 'all') {
      if (!reader.supervisor) throw new AppError('forbidden', 'Only the supervisor sees every conversation');
      return { feedSeq, conversations: await chatRepository.summaries(this.db.manager, `c.status IN ('queued', 'open')`, [], 'c.id') };
    }
    if (scope === 'queue') {
      const where = reader.supervisor ? `c.status = 'queued'` : `c.status = 'queued' AND c.role IN (?)`;
      return { feedSeq, conversations: await chatRepository.summaries(this.db.manager, where, reader.supervisor ? [] : [reader.roles.length ? reader.roles : ['-']], 'c.queued_at, c.id') };
    }
    return { feedSeq, conversations: await chatRepository.summaries(this.db.manager, `c.status = 'open' AND c.agent_id = ?`, [user.id], 'c.last_message_at DESC, c.id') };
  }

  async detail(user: SessionUser, id: number): Promise<Omit<ConversationDetail, 'unknownOrders'>> {
    await this.assertCanRead(user, id);
    const conversation = await chatRepository.summaryOf(this.db.manager, id);
    if (!conversation) throw new AppError('not_found', `No conversation ${id}`);
    const joined = await this.joinedToHelp(user, conversation);
    return { conversation, transfers: await chatRepository.transfersOf(this.db.manager, id), joined };
  }

  /** A supervisor who joined this open chat on its agent's request (they write in it beside the agent). */
  private async joinedToHelp(user: SessionUser, conversation: { id: number; status: string; agentId: number | null }): Promise<boolean> {
    if (!user.roles.includes('supervisor') || conversation.status !== 'open' || conversation.agentId === user.id) return false;
    return hasJoined(this.db.manager, conversation.id, user.id);
  }

  async messagesOf(user: SessionUser, id: number, afterSeq: number, limit: number): Promise<MessagesPage> {
    await this.assertCanRead(user, id);
    const rows = await chatRepository.messagesAfter(this.db.manager, id, afterSeq, limit + 1);
    const conversation = await chatRepository.findConversation(this.db.manager, id);
    return { messages: rows.slice(0, limit).map(toChatMessage), lastSeq: conversation?.lastSeq ?? 0, hasMore: rows.length > limit };
  }

  /** Catch-up: the changes after `after` that concern me, and what I can see now. */
  async changes(user: SessionUser, after: number, limit: number): Promise<ChangesPage> {
    const reader = readerOf(user);
    const head = await chatRepository.feedHead(this.db.manager); // first: every row up to it is committed
    const rows = await chatRepository.changesFor(this.db.manager, reader, after, head, limit);
    const hasMore = rows.length === limit && rows[rows.length - 1]!.feedSeq < head;
    const latest = hasMore ? rows[rows.length - 1]!.feedSeq : Math.max(head, after);
    const live = reader.supervisor
      ? `c.status IN ('queued', 'open')`
      : `((c.status = 'open' AND c.agent_id = ?) OR (c.status = 'queued' AND c.role IN (?)))`;
    const liveParams = reader.supervisor ? [] : [user.id, reader.roles.length ? reader.roles : ['-']];
    // The live set only: a conversation a change names that is not here (closed, handed on)
    // is no longer in my list; its history stays readable through the messages route.
    const conversations = await chatRepository.summaries(this.db.manager, live, liveParams);
    return { changes: rows.map(toChatChange), conversations, latest, hasMore };
  }

  async search(user: SessionUser, query: SearchQuery): Promise<SearchResults> {
    const page = await chatRepository.search(
      this.db.manager,
      readerOf(user),
      {
      ...(query.buyerId ? { buyerId: query.buyerId } : {}),
      ...(query.agentId ? { agentId: query.agentId } : {}),
      ...(query.text ? { text: query.text } : {}),
      ...(query.from ? { from: new Date(query.from) } : {}),
      ...(query.to ? { to: new Date(query.to) } : {}),
      ...(query.beforeId ? { beforeId: query.beforeId } : {}),
      limit: query.limit,
      },
      this.searchIndex.engine,
    );
    return { results: page.hits.map((r) => ({ message: toChatMessage(r.message), buyerId: r.buyerId, role: r.role })), nextBeforeId: page.nextBeforeId };
  }

  async imageForStaff(user: SessionUser, imageId: string): Promise<{ path: string; mime: string }> {
    const image = await chatRepository.findImage(this.db.manager, imageId);
    if (!image || !(await chatRepository.canRead(this.db.manager, readerOf(user), image.conversationId))) throw new AppError('not_found', 'No such image');
    return { path: this.images.absolute(image.path), mime: image.mime };
  }

  // ---- staff: writing --------------------------------------------------------------

  async sendAsStaff(
    user: SessionUser,
    input: { conversationId: number; clientId: string; text?: string; imageId?: string; cannedReplyId?: number },
    socketId: string | null = null,
  ): Promise<{ message: ChatMessage }> {
    // A supervisor writes in a chat that is not theirs only after joining it on its agent's request.
    const joined = user.roles.includes('supervisor') && (await hasJoined(this.db.manager, input.conversationId, user.id));
    const item: SendItem = {
      from: 'staff',
      staffId: user.id,
      staffName: user.displayName,
      joined,
      conversationId: input.conversationId,
      clientId: input.clientId,
      kind: input.imageId ? 'image' : 'text',
      body: input.text ?? null,
      imageId: input.imageId ?? null,
      cannedReplyId: input.cannedReplyId ?? null,
    };
    const result = await this.messages.send(item);
    if (!result.ok) throw 'error' in result ? result.error : new AppError('conflict', 'This conversation is closed');
    if (result.fresh) this.broadcast.message(result.message, result.conversation, socketId);
    return { message: toChatMessage(result.message) };
  }

  async staffRead(user: SessionUser, conversationId: number, seq: number): Promise<{ conversationId: number; staffReadSeq: number }> {
    await this.assertCanRead(user, conversationId);
    const readSeq = await chatRepository.setStaffRead(this.db.manager, conversationId, user.id, seq);
    const conversation = (await chatRepository.findConversation(this.db.manager, conversationId))!;
    // Only the conversation's agent reads for the shop; a supervisor watching changes nothing.
    if (readSeq === null) return { conversationId, staffReadSeq: conversation.staffReadSeq };
    this.broadcast.staffRead(conversation, readSeq);
    return { conversationId, staffReadSeq: readSeq };
  }

  async staffTyping(user: SessionUser, conversationId: number, typing: boolean, socketId: string): Promise<{ ok: true }> {
    const conversation = await chatRepository.findConversation(this.db.manager, conversationId);
    if (!conversation) throw new AppError('not_found', `No conversation ${conversationId}`);
    const mine = conversation.agentId === user.id && conversation.status === 'open';
    if (!mine && !(await this.joinedToHelp(user, conversation))) throw new AppError('forbidden', 'This conversation is not assigned to you');
    this.broadcast.staffTyping(conversation, typing, socketId);
    return { ok: true };
  }

  async uploadAsStaff(user: SessionUser, conversationId: number, bytes: Buffer): Promise<ImageUploaded> {
    const conversation = await chatRepository.findConversation(this.db.manager, conversationId);
    if (!conversation) throw new AppError('not_found', `No conversation ${conversationId}`);
    const mine = conversation.agentId === user.id && conversation.status === 'open';
    if (!mine && !(await this.joinedToHelp(user, conversation))) throw new AppError('forbidden', 'This conversation is not assigned to you');
    return this.storeImage(bytes, user.id, async () => conversationId);
  }

  /**
   * Saves the file, then its row; a failed row removes the file again, so no file is kept
   * that no conversation owns. `staffId` null: the buyer uploaded it.
   */
  private async storeImage(bytes: Buffer, staffId: number | null, conversationOf: () => Promise<number>): Promise<ImageUploaded> {
    const saved = await this.images.save(bytes, this.clock());
    try {
      await chatRepository.insertImage(this.db.manager, {
        id: saved.id,
        conversationId: await conversationOf(),
        uploadedByBuyer: staffId === null,
        staffId,
        mime: saved.mime,
        bytes: bytes.length,
        path: saved.relativePath,
        createdAt: this.clock(),
      });
    } catch (err) {
      await this.images.remove(saved.relativePath);
      throw err;
    }
    return { imageId: saved.id, mime: saved.mime, bytes: bytes.length };
  }

  // ---- staff: conversation state (chat.assignment.ts) ---------------------------------

  take(user: Actor, id: number, version: number): Promise<ConversationSummary> {
    return this.assignment.take(user, id, version);
  }

  transfer(user: Actor, id: number, body: TransferBody): Promise<ConversationSummary> {
    return this.assignment.transfer(user, id, body);
  }

  close(user: Actor, id: number, version: number): Promise<ConversationSummary> {
    return this.assignment.close(user, id, version);
  }

  drainFor(staffId: number): Promise<number> {
    return this.assignment.drainFor(staffId);
  }

  drainAll(): Promise<number> {
    return this.assignment.drainAll();
  }


  /**
   * A buyer's order was paid (the orders module calls this inside its own transaction, so
   * the payment and what it means for the chat are committed together):
   * - paid while a conversation was open: the order counts as confirmed there (订单确认, if
   *   the agent had not; G09 counts from here) and the conversation as converted (询单转化);
   * - paid within a day after the conversation closed: converted only (the marketplace counts
   *   an enquiry's payment on the same and the next day), silently — it is a KPI record.
   * Returns the change to `announceChange` after the commit, or null when nothing visible changed.
   */
  async recordOrderPaid(tx: Tx, buyerId: string, paidAt: Date): Promise<ChangeRow | null> {
    const since = new Date(paidAt.getTime() - CONVERSION_WINDOW_MS);
    const rows = (await tx.query(
      `SELECT id FROM chat_conversation WHERE buyer_id = ? AND opened_at <= ? AND (closed_at IS NULL OR closed_at >= ?) ORDER BY id DESC LIMIT 1`,
      [buyerId, paidAt, since],
    )) as Array<{ id: number }>;
    if (!rows[0]) return null;
    const current = await chatRepository.findConversation(tx, Number(rows[0].id), { lock: true });
    if (!current) return null;
    const openWhenPaid = current.closedAt === null || new Date(current.closedAt) >= paidAt;
    if (!openWhenPaid) {
      await tx.query('UPDATE chat_conversation SET order_placed_at = COALESCE(order_placed_at, ?) WHERE id = ?', [paidAt, current.id]);
      return null;
    }
    if (current.orderPlacedAt && current.orderConfirmedAt) return null;
    const updated = await chatRepository.updateConversation(tx, current.id, current.version, {
      orderPlacedAt: current.orderPlacedAt ?? paidAt,
      orderConfirmedAt: current.orderConfirmedAt ?? paidAt,
    });
    if (!updated) return null; // unreachable under the row lock
    return chatRepository.insertChange(tx, {
      conversationId: current.id,
      kind: 'confirmed',
      version: current.version + 1,
      agentId: current.agentId,
      prevAgentId: current.agentId,
      role: current.role,
      prevRole: current.role,
      status: current.status,
      prevStatus: current.status,
      byStaffId: null,
      at: paidAt,
    });
  }

  /** Tells everyone who can see it that a conversation changed (after the commit). */
  async announceChange(change: ChangeRow | null): Promise<void> {
    if (change) await this.announce(change);
  }

  // ---- settings and canned replies (chat.settings.ts) ------------------------------------

  settings(): Promise<ChatSettings> {
    return this.config.settings();
  }

  updateSettings(user: Actor, body: ChatSettingsBody): Promise<ChatSettings> {
    return this.config.updateSettings(user, body);
  }

  cannedReplies(): Promise<CannedReply[]> {
    return this.config.cannedReplies();
  }

  createCanned(user: Actor, input: NewCannedReply): Promise<CannedReply> {
    return this.config.createCanned(user, input);
  }

  updateCanned(user: Actor, id: number, patch: CannedReplyPatch): Promise<CannedReply> {
    return this.config.updateCanned(user, id, patch);
  }

  deleteCanned(user: Actor, id: number): Promise<void> {
    return this.config.deleteCanned(user, id);
  }
}
