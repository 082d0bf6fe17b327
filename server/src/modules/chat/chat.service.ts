/**
 * Chat (issue 5): conversations from the buyer's first message to their closing, with
 * routing, transfers, the queue, read receipts, images, history and the records the KPIs
 * and G09 need. Every state change is a guarded update in a transaction, recorded in the
 * change feed, then broadcast (commit, then emit). The parts live beside it: the buyer's
 * side (chat.buyer-conversations.ts), who has a chat (chat.assignment.ts), messages
 * (chat.messages.ts), settings and canned replies (chat.settings.ts), hand-over
 * (chat.handover.ts) and presence (chat.presence.ts).
 */
import type { DataSource } from 'typeorm';
import { AppError } from '@kefu/shared/errors';
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
import type { Logger } from '../../platform/log.ts';
import { ChatAssignment } from './chat.assignment.ts';
import { BuyerConversations, type BuyerRef } from './chat.buyer-conversations.ts';
import type { ChatBroadcaster } from './chat.broadcast.ts';
import type { ChangeRow, ConversationRow } from './chat.entity.ts';
import type { ImageStore } from './chat.images.ts';
import { MessageStore, type SendItem } from './chat.messages.ts';
import { chatRepository, toChatChange, toChatMessage, type Tx } from './chat.repository.ts';
import { readerOf, type Actor } from './chat.rows.ts';
import { hasJoined } from './chat.help.ts';
import { queuePlaces, queuesMovedBy } from './chat.queue.ts';
import { ChatSearchIndex } from './chat.search.index.ts';
import { ChatConfig } from './chat.settings.ts';
import type { BuyerFacts, ShiftGate } from './chat.routing.ts';

export type { BuyerRef };

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
  private readonly buyerSide: BuyerConversations;
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
    this.buyerSide = new BuyerConversations(db, broadcast, buyerFacts, this.messages, (change) => this.announce(change), clock, () => this.shiftGate);
  }

  /** Resolves once the full-text index is found (or known to be missing) and in use. */
  searchReady: Promise<void> = Promise.resolve();

  /** Starts the periodic queue sweep and the search index's upkeep (unref'd timers: they never keep the process alive). */
  startSweeping(): void {
    this.searchReady = this.searchIndex
      .start()
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

  // ---- announcing ------------------------------------------------------------------

  /** Broadcasts a committed change (its summary to staff, its buyer view to the buyer). */
  async announce(change: ChangeRow): Promise<void> {
    const [summary, buyerView] = await Promise.all([
      chatRepository.summaryOf(this.db.manager, change.conversationId),
      chatRepository.buyerConversation(this.db.manager, change.conversationId),
    ]);
    this.broadcast.conversationChanged(change, summary, buyerView);
    for (const role of queuesMovedBy(change)) this.broadcast.queuePlaces(await queuePlaces(this.db.manager, role));
  }

  // ---- buyers (chat.buyer-conversations.ts) ---------------------------------------------

  ensureConversation(buyer: BuyerRef): Promise<ConversationRow> {
    return this.buyerSide.ensureConversation(buyer);
  }

  sendAsBuyer(
    buyer: BuyerRef,
    input: { clientId: string; text?: string; imageId?: string },
    knownConversationId: number | null,
    socketId: string | null = null,
  ): Promise<{ message: BuyerMessage; conversationId: number }> {
    return this.buyerSide.sendAsBuyer(buyer, input, knownConversationId, socketId);
  }

  buyerPage(buyer: BuyerRef, cursor: { afterSeq?: number | undefined; beforeSeq?: number | undefined }, limit: number): Promise<BuyerMessagesPage> {
    return this.buyerSide.buyerPage(buyer, cursor, limit);
  }

  currentConversationId(buyerId: string): Promise<number | null> {
    return this.buyerSide.currentConversationId(buyerId);
  }

  buyerRead(buyer: BuyerRef, conversationId: number | null, seq: number): Promise<{ buyerReadSeq: number }> {
    return this.buyerSide.buyerRead(buyer, conversationId, seq);
  }

  buyerTyping(buyer: BuyerRef, conversationId: number | null, typing: boolean): Promise<{ ok: true }> {
    return this.buyerSide.buyerTyping(buyer, conversationId, typing);
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
