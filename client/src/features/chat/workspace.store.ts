/**
 * The agents' workspace: every conversation this person can see, the messages of those
 * opened, who is typing, presence, canned replies. Fed by the list routes at start, by
 * socket events live, and after every reconnect by the change feed and `afterSeq` pages
 * (docs/chat.md "Catch-up after a disconnect"), so nothing is missing and nothing doubled.
 */
import type { CannedReply, ChatMessage, ChatRole, ChatSettings, ConversationSummary, HelpRequest, ImageType, Presence, PresenceStatus, Transfer, UnknownOrders } from '@kefu/shared/schemas/chat';
import type { SessionUser } from '@kefu/shared/schemas/staff';
import type { ServerToClientEvents } from '@kefu/shared/events';
import { ApiError } from '../../lib/api.ts';
import type { OutboxEntry } from '../../lib/outbox.ts';
import { newClientId } from '../../lib/outbox.ts';
import { staffEmit, type StaffSocket } from '../../lib/socket.ts';
import * as chatApi from './chat.api.ts';
import {
  applyChanged,
  applyChangesPage,
  applyList,
  applyMessage,
  applyRead,
  EMPTY_CONVERSATIONS,
  newerSummary,
  type ConversationsState,
} from './conversations.ts';
import { newLocalUpload, type LocalUpload } from './pending.ts';
import { mergePresence } from './presence.ts';
import { staffOutbox, type StaffOutbox, type StaffSendPayload } from './staff-outbox.ts';
import { Store } from './store.ts';
import { contiguousSeq, hasGap, highestSeq, mergeMessages } from './timeline.ts';
import { TYPING_SHOWN_MS, TypingSignal } from './typing.ts';

export interface WorkspaceState {
  loading: boolean;
  loadError: unknown;
  connected: boolean;
  conversations: ConversationsState;
  /** Messages of the conversations opened so far, by conversation id. */
  messages: ReadonlyMap<number, readonly ChatMessage[]>;
  historyError: unknown;
  transfers: ReadonlyMap<number, readonly Transfer[]>;
  /** Conversations whose buyer is typing now. */
  buyerTyping: ReadonlySet<number>;
  presence: readonly Presence[];
  canned: readonly CannedReply[];
  settings: ChatSettings | null;
  outbox: readonly OutboxEntry<StaffSendPayload>[];
  uploads: readonly LocalUpload[];
  previews: ReadonlyMap<string, string>;
  selectedId: number | null;
  /** Supervisors: conversations flagged live as waiting too long (issue 11), until answered. */
  overdue: ReadonlySet<number>;
  /** Conversations opened by id (a link) that do not exist or this person may not read. */
  unreadable: ReadonlySet<number>;
  /** Supervisors: agents' requests for help nobody joined yet (issue 11), oldest first. */
  help: readonly HelpRequest[];
  /** Supervisors: chats they joined on a request for help (they write there beside the agent). */
  joined: ReadonlySet<number>;
  /** Order numbers buyers typed that no order has: by conversation, then message seq (issue 11). */
  unknownOrders: ReadonlyMap<number, ReadonlyMap<number, readonly string[]>>;
}

export type TransferTarget = { toAgentId: number } | { toRole: ChatRole } | { toSupervisor: true };

export class WorkspaceStore extends Store<WorkspaceState> {
  private readonly sending: StaffOutbox;
  private readonly cleanups: Array<() => void> = [];
  private readonly typingSignals = new Map<number, TypingSignal>();
  private readonly typingTimers = new Map<number, ReturnType<typeof setTimeout>>();
  private readonly historyRuns = new Map<number, Promise<void>>();
  private readonly readSent = new Map<number, number>();
  private catchingUp: Promise<void> | null = null;
  private catchUpAgain = false;

  constructor(
    private readonly socket: StaffSocket,
    readonly user: SessionUser,
  ) {
    super({
      loading: true,
      loadError: null,
      connected: socket.connected,
      conversations: EMPTY_CONVERSATIONS,
      messages: new Map(),
      historyError: null,
      transfers: new Map(),
      buyerTyping: new Set(),
      presence: [],
      canned: [],
      settings: null,
      outbox: [],
      uploads: [],
      previews: new Map(),
      selectedId: null,
      overdue: new Set(),
      unreadable: new Set(),
      help: [],
      joined: new Set(),
      unknownOrders: new Map(),
    });
    this.sending = staffOutbox(socket, user.id);
  }

  get isSupervisor(): boolean {
    return this.user.roles.includes('supervisor');
  }

  get isAgent(): boolean {
    return this.user.roles.includes('presale') || this.user.roles.includes('aftersale');
  }

  start(): void {
    const socket = this.socket;
    const outbox = this.sending.outbox;
    this.update({ outbox: outbox.list() });
    this.cleanups.push(outbox.subscribe(() => this.update({ outbox: outbox.list() })));
    this.cleanups.push(this.sending.onAcked((message) => this.receive(message)));

    const onConnect = () => {
      this.update({ connected: true });
      // The first connect after the page loaded its lists has nothing to catch up.
      if (everConnected) void this.catchUp();
      everConnected = true;
    };
    const onDisconnect = () => this.update({ connected: false, buyerTyping: new Set() });
    let everConnected = socket.connected;
    socket.on('connect', onConnect);
    socket.on('disconnect', onDisconnect);
    this.cleanups.push(() => socket.off('connect', onConnect).off('disconnect', onDisconnect));

    this.listen('message:new', ({ message }) => this.receive(message));
    this.listen('message:read', ({ conversationId, by, seq }) => this.update((s) => ({ conversations: applyRead(s.conversations, conversationId, by, seq) })));
    this.listen('typing', ({ conversationId, by, typing }) => {
      if (by === 'buyer') this.showBuyerTyping(conversationId, typing);
    });
    this.listen('conversation:changed', ({ change, conversation }) => {
      this.update((s) => ({ conversations: applyChanged(s.conversations, change, conversation) }));
      if (this.state.selectedId === change.conversationId && conversation) void this.loadDetail(change.conversationId);
    });
    this.listen('message:unknown-orders', (flagged) => this.update((s) => ({ unknownOrders: withUnknownOrders(s.unknownOrders, [flagged]) })));
    this.listen('conversation:help', ({ request }) => this.update((s) => applyHelp(s, request, this.user.id)));
    this.listen('conversation:overdue', ({ conversationId }) => this.update((s) => ({ overdue: new Set(s.overdue).add(conversationId) })));
    this.listen('presence:changed', ({ presence }) => this.update((s) => ({ presence: upsertPresence(s.presence, presence) })));
    this.listen('chat:config-changed', ({ what }) => {
      if (what === 'canned') void chatApi.listCannedReplies().then((canned) => this.update({ canned }), () => undefined);
      else void chatApi.chatSettings().then((settings) => this.update({ settings }), () => undefined);
    });

    const onVisible = () => {
      if (this.state.selectedId !== null) this.markRead(this.state.selectedId);
    };
    document.addEventListener('visibilitychange', onVisible);
    this.cleanups.push(() => document.removeEventListener('visibilitychange', onVisible));

    void this.load();
  }

  private listen<E extends keyof ServerToClientEvents>(event: E, listener: ServerToClientEvents[E]): void {
    this.socket.on(event, listener as never);
    this.cleanups.push(() => this.socket.off(event, listener as never));
  }

  stop(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    for (const signal of this.typingSignals.values()) signal.stop();
    for (const timer of this.typingTimers.values()) clearTimeout(timer);
  }

  async load(): Promise<void> {
    this.update({ loading: true, loadError: null });
    try {
      const lists = this.isSupervisor ? [chatApi.listConversations('all')] : [chatApi.listConversations('mine'), chatApi.listConversations('queue')];
      const [pages, presence, canned, settings] = await Promise.all([Promise.all(lists), chatApi.listPresence(), chatApi.listCannedReplies(), chatApi.chatSettings()]);
      // Resume the feed from the oldest answer: a change between two answers is replayed, not lost.
      const feedSeq = Math.min(...pages.map((p) => p.feedSeq));
      this.update((s) => {
        let conversations: ConversationsState = { ...s.conversations, feedSeq: Math.max(s.conversations.feedSeq, feedSeq) };
        for (const page of pages) conversations = applyList(conversations, page.conversations, feedSeq);
        return { conversations, presence: mergePresence(s.presence, presence), canned, settings, loading: false };
      });
      if (this.state.selectedId !== null) await this.loadHistory(this.state.selectedId);
      if (this.isSupervisor) await this.loadHelp();
    } catch (loadError) {
      this.update({ loading: false, loadError });
    }
  }

  async loadHelp(): Promise<void> {
    const help = await chatApi.openHelpRequests();
    this.update({ help });
  }

  /** The agent asks the supervisor for help in their chat, keeping it. */
  async askForHelp(id: number, note: string): Promise<void> {
    await chatApi.askForHelp(id, note);
  }

  /** The supervisor joins a chat on its agent's request and opens it. */
  async joinHelp(request: HelpRequest): Promise<void> {
    const joined = await chatApi.joinHelp(request.id);
    this.update((s) => applyHelp(s, joined, this.user.id));
    this.select(request.conversationId);
  }

  /** After a reconnect: the change feed, then the messages of every opened conversation that moved on. */
  catchUp(): Promise<void> {
    if (this.catchingUp) {
      this.catchUpAgain = true;
      return this.catchingUp;
    }
    this.catchingUp = (async () => {
      try {
        do {
          this.catchUpAgain = false;
          for (;;) {
            const page = await staffEmit.request(this.socket, 'chat:changes', { after: this.state.conversations.feedSeq, limit: 500 });
            this.update((s) => ({ conversations: applyChangesPage(s.conversations, page) }));
            if (!page.hasMore) break;
          }
          const stale = [...this.state.messages.entries()].filter(([id, list]) => {
            const summary = this.state.conversations.byId.get(id);
            return summary && summary.lastSeq > contiguousSeq(list, id);
          });
          await Promise.all(stale.map(([id]) => this.loadHistory(id)));
        } while (this.catchUpAgain);
        const presence = await chatApi.listPresence();
        this.update((s) => ({ presence: mergePresence(s.presence, presence) }));
        if (this.isSupervisor) await this.loadHelp();
        if (this.state.selectedId !== null) void this.loadDetail(this.state.selectedId);
      } catch (loadError) {
        this.update({ loadError });
      } finally {
        this.catchingUp = null;
      }
    })();
    return this.catchingUp;
  }

  select(id: number | null): void {
    this.update({ selectedId: id, historyError: null });
    if (id === null) return;
    void this.loadHistory(id).then(() => this.markRead(id));
    void this.loadDetail(id);
  }

  /** Every message after the last one held without a gap, page by page; one run per conversation at a time. */
  loadHistory(id: number): Promise<void> {
    const running = this.historyRuns.get(id);
    if (running) return running;
    const run = (async () => {
      try {
        for (;;) {
          const afterSeq = contiguousSeq(this.state.messages.get(id) ?? [], id);
          const page = await chatApi.conversationMessages(id, afterSeq);
          this.mergeInto(id, page.messages);
          if (!page.hasMore || page.messages.length === 0) break;
        }
        if (!this.state.messages.has(id)) this.update((s) => ({ messages: new Map(s.messages).set(id, []) }));
      } catch (historyError) {
        this.update({ historyError });
      } finally {
        this.historyRuns.delete(id);
      }
    })();
    this.historyRuns.set(id, run);
    return run;
  }

  async loadDetail(id: number): Promise<void> {
    try {
      const detail = await chatApi.conversationDetail(id);
      this.update((s) => ({
        transfers: new Map(s.transfers).set(id, detail.transfers),
        conversations: applyList(s.conversations, [detail.conversation], s.conversations.feedSeq),
        // A supervisor's join is kept on the server: a reload (or another tab) knows it too.
        joined: detail.joined === s.joined.has(id) ? s.joined : toggled(s.joined, id, detail.joined),
        unknownOrders: withUnknownOrders(s.unknownOrders, detail.unknownOrders),
      }));
    } catch (err) {
      // No longer readable (transferred away): the change feed removes it. Never readable
      // (a link to someone else's chat, or to none): said so instead of "transferred".
      if (err instanceof ApiError && err.status === 404 && !this.state.conversations.byId.has(id)) {
        this.update((s) => ({ unreadable: new Set(s.unreadable).add(id) }));
      }
    }
  }

  private mergeInto(id: number, incoming: readonly ChatMessage[]): void {
    this.update((s) => {
      const current = s.messages.get(id) ?? [];
      const merged = mergeMessages(current, incoming);
      return merged === current && s.messages.has(id) ? {} : { messages: new Map(s.messages).set(id, merged) };
    });
    for (const message of incoming) this.sending.outbox.settle(message.clientId);
  }

  private receive(message: ChatMessage): void {
    const id = message.conversationId;
    // Only the conversation's agent reads for the shop: a supervisor watching leaves it unread.
    const reading = this.isReading(id) && this.state.conversations.byId.get(id)?.agentId === this.user.id;
    this.update((s) => ({ conversations: applyMessage(s.conversations, message, { reading }) }));
    if (this.state.messages.has(id)) {
      this.mergeInto(id, [message]);
      if (hasGap(this.state.messages.get(id)!, id)) void this.loadHistory(id);
    } else {
      this.sending.outbox.settle(message.clientId);
    }
    if (message.sender === 'buyer') this.showBuyerTyping(id, false);
    if (reading) this.markRead(id);
  }

  private isReading(id: number): boolean {
    return this.state.selectedId === id && document.visibilityState === 'visible';
  }

  /** The agent has seen the open conversation: tell the buyer (read receipt) and clear the unread count. */
  markRead(id: number): void {
    const summary = this.state.conversations.byId.get(id);
    // Only the conversation's agent reads for the shop; a supervisor watching changes nothing.
    if (!summary || summary.agentId !== this.user.id || !this.isReading(id) || !this.socket.connected) return;
    const seq = highestSeq(this.state.messages.get(id) ?? [], id);
    if (seq <= summary.staffReadSeq || seq <= (this.readSent.get(id) ?? 0)) return;
    this.readSent.set(id, seq);
    this.update((s) => ({ conversations: applyRead(s.conversations, id, 'staff', seq) }));
    void staffEmit.attempt(this.socket, 'message:read', { conversationId: id, seq }).catch(() => this.readSent.delete(id));
  }

  private showBuyerTyping(id: number, typing: boolean): void {
    const timer = this.typingTimers.get(id);
    if (timer) clearTimeout(timer);
    this.typingTimers.delete(id);
    if (typing) this.typingTimers.set(id, setTimeout(() => this.showBuyerTyping(id, false), TYPING_SHOWN_MS));
    if (this.state.buyerTyping.has(id) === typing) return;
    this.update((s) => {
      const next = new Set(s.buyerTyping);
      if (typing) next.add(id);
      else next.delete(id);
      return { buyerTyping: next };
    });
  }

  typing(id: number): void {
    let signal = this.typingSignals.get(id);
    if (!signal) {
      signal = new TypingSignal((typing) => {
        if (this.socket.connected) void staffEmit.attempt(this.socket, 'typing:set', { conversationId: id, typing }).catch(() => undefined);
      });
      this.typingSignals.set(id, signal);
    }
    signal.input();
  }

  sendText(id: number, text: string, cannedReplyId: number | null): void {
    const trimmed = text.trim();
    if (!trimmed) return;
    this.typingSignals.get(id)?.stop();
    const clientId = newClientId();
    this.sending.outbox.enqueue(clientId, { conversationId: id, clientId, text: trimmed, ...(cannedReplyId ? { cannedReplyId } : {}) });
  }

  sendImage(id: number, file: Blob, mime: ImageType): void {
    const upload = newLocalUpload(newClientId(), id, file, mime, Date.now());
    this.update((s) => ({ uploads: [...s.uploads, upload] }));
    void this.upload(upload);
  }

  private async upload(upload: LocalUpload): Promise<void> {
    const id = upload.conversationId!;
    try {
      const { imageId } = await chatApi.uploadStaffImage(id, upload.file, upload.mime);
      this.update((s) => ({
        uploads: s.uploads.filter((u) => u.clientId !== upload.clientId),
        previews: new Map(s.previews).set(upload.clientId, upload.previewUrl),
      }));
      this.sending.outbox.enqueue(upload.clientId, { conversationId: id, clientId: upload.clientId, imageId });
    } catch (error) {
      this.update((s) => ({ uploads: s.uploads.map((u) => (u.clientId === upload.clientId ? { ...u, state: 'failed', error } : u)) }));
    }
  }

  retry(clientId: string): void {
    const upload = this.state.uploads.find((u) => u.clientId === clientId);
    if (!upload) return this.sending.outbox.retry(clientId);
    const again: LocalUpload = { ...upload, state: 'uploading', error: null };
    this.update((s) => ({ uploads: s.uploads.map((u) => (u.clientId === clientId ? again : u)) }));
    void this.upload(again);
  }

  discard(clientId: string): void {
    const upload = this.state.uploads.find((u) => u.clientId === clientId);
    if (upload) URL.revokeObjectURL(upload.previewUrl);
    this.update((s) => ({ uploads: s.uploads.filter((u) => u.clientId !== clientId) }));
    this.sending.outbox.discard(clientId);
  }

  /** A visitor an agent has just linked (LinkVisitorForm): the answer's summary replaces the shown one. */
  applyLinked(summary: ConversationSummary): void {
    this.applySummary(summary);
  }

  private applySummary(summary: ConversationSummary): void {
    this.update((s) => {
      const byId = new Map(s.conversations.byId);
      byId.set(summary.id, newerSummary(byId.get(summary.id), summary));
      return { conversations: { ...s.conversations, byId } };
    });
  }

  async take(id: number): Promise<void> {
    const summary = this.state.conversations.byId.get(id);
    if (!summary) return;
    this.applySummary(await chatApi.takeConversation(id, summary.version));
    this.select(id);
  }

  async close(id: number): Promise<void> {
    const summary = this.state.conversations.byId.get(id);
    if (!summary) return;
    this.typingSignals.get(id)?.stop();
    this.applySummary(await chatApi.closeConversation(id, summary.version));
  }

  async transfer(id: number, target: TransferTarget, note: string): Promise<ConversationSummary> {
    const summary = this.state.conversations.byId.get(id);
    if (!summary) throw new Error(`conversation ${id} is not on this screen`);
    this.typingSignals.get(id)?.stop();
    const updated = await chatApi.transferConversation(id, { version: summary.version, note, ...target });
    this.applySummary(updated);
    void this.loadDetail(id);
    return updated;
  }

  async setPresence(status: PresenceStatus): Promise<void> {
    const presence = await chatApi.setPresence(status);
    this.update((s) => ({ presence: upsertPresence(s.presence, presence) }));
  }

  async refreshCanned(): Promise<void> {
    this.update({ canned: await chatApi.listCannedReplies() });
  }

  imageUrl = chatApi.staffImageUrl;
}

/** A request for help, live: open ones are listed; a joined one leaves the list (and is mine to write in if I joined). */
function applyHelp(state: WorkspaceState, request: HelpRequest, me: number): Partial<WorkspaceState> {
  const help = state.help.filter((r) => r.id !== request.id);
  if (request.joinedBy === null) help.push(request);
  const joined = request.joinedBy === me ? new Set(state.joined).add(request.conversationId) : state.joined;
  return { help, joined };
}

function withUnknownOrders(
  all: ReadonlyMap<number, ReadonlyMap<number, readonly string[]>>,
  flagged: readonly UnknownOrders[],
): ReadonlyMap<number, ReadonlyMap<number, readonly string[]>> {
  if (!flagged.length) return all;
  const next = new Map(all);
  for (const item of flagged) next.set(item.conversationId, new Map(next.get(item.conversationId)).set(item.seq, item.orderNos));
  return next;
}

function toggled(set: ReadonlySet<number>, id: number, present: boolean): ReadonlySet<number> {
  const next = new Set(set);
  if (present) next.add(id);
  else next.delete(id);
  return next;
}

function upsertPresence(list: readonly Presence[], presence: Presence): Presence[] {
  return mergePresence(list, [presence]);
}
