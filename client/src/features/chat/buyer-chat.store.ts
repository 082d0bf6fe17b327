/**
 * The buyer's side of a chat: one socket on `/buyer`, the messages of their conversation,
 * an outbox that resends until the server acks, and catch-up after every reconnect.
 */
import { MAX_SEQ, type BuyerConversation, type BuyerMessage, type ImageType } from '@kefu/shared/schemas/chat';
import { localStorageFor, newClientId, Outbox, type OutboxEntry } from '../../lib/outbox.ts';
import { buyerEmit, connectBuyerSocket, type BuyerSocket } from '../../lib/socket.ts';
import { ApiError } from '../../lib/api.ts';
import { buyerImageUrl, currentBuyer, uploadBuyerImage } from './chat.api.ts';
import { newLocalUpload, type LocalUpload, type SendPayload } from './pending.ts';
import { Store } from './store.ts';
import { contiguousSeq, hasGap, highestSeq, lowestSeq, mergeMessages } from './timeline.ts';
import { TYPING_SHOWN_MS, TypingSignal } from './typing.ts';

export interface BuyerChatState {
  connection: 'connecting' | 'online' | 'offline';
  /**
   * The session ended: `left` (this buyer left, here or in another tab) or `lost` (the
   * server no longer knows the session: expired, or Redis lost it) — back to the start form,
   * which says so when lost and keeps what was not sent.
   */
  ended: false | 'left' | 'lost';
  conversation: BuyerConversation | null;
  messages: readonly BuyerMessage[];
  /** True once the history is loaded after connecting. */
  loaded: boolean;
  /** Older messages of the conversation exist above those shown (the page opens at the newest). */
  hasOlder: boolean;
  loadingOlder: boolean;
  shopTyping: boolean;
  uploads: readonly LocalUpload[];
  outbox: readonly OutboxEntry<SendPayload>[];
  /** Local previews of images sent from this page, by clientId. */
  previews: ReadonlyMap<string, string>;
  error: unknown;
}

/** Messages shown when the page opens (the newest), and loaded per scroll to the top. */
export const HISTORY_PAGE = 30;

/** A pause before coming back after the server closed the socket (a restart, a deploy). */
const RECONNECT_AFTER_SERVER_DISCONNECT_MS = 500;

export class BuyerChatStore extends Store<BuyerChatState> {
  private readonly socket: BuyerSocket;
  private readonly outbox: Outbox<SendPayload, { message: BuyerMessage }>;
  private readonly typingSignal: TypingSignal;
  private typingTimer: ReturnType<typeof setTimeout> | null = null;
  private catchingUp: Promise<void> | null = null;
  private catchUpAgain = false;
  private readSent = 0;
  private closed = false;
  /** The oldest seq the page opened with in the current conversation: catch-up counts from there. */
  private floor = { conversationId: 0, seq: 1 };

  constructor(readonly buyerId: string) {
    super({
      connection: 'connecting',
      ended: false,
      conversation: null,
      messages: [],
      loaded: false,
      hasOlder: false,
      loadingOlder: false,
      shopTyping: false,
      uploads: [],
      outbox: [],
      previews: new Map(),
      error: null,
    });
    this.socket = connectBuyerSocket();
    this.outbox = new Outbox<SendPayload, { message: BuyerMessage }>({
      send: (payload) => buyerEmit.attempt(this.socket, 'message:send', payload),
      isConnected: () => this.socket.connected,
      onAcked: (_clientId, { message }) => this.receive([message]),
      storage: localStorageFor<SendPayload>(`kefu.outbox.buyer.${buyerId}`),
    });
    this.update({ outbox: this.outbox.list() });
    this.outbox.subscribe(() => this.update({ outbox: this.outbox.list() }));
    this.typingSignal = new TypingSignal((typing) => {
      if (this.socket.connected) void buyerEmit.attempt(this.socket, 'typing:set', { typing }).catch(() => undefined);
    });
    this.listen();
  }

  private listen(): void {
    const socket = this.socket;
    socket.on('connect', () => {
      this.update({ connection: 'online', error: null });
      void this.catchUp().then(() => this.outbox.resume());
    });
    socket.on('disconnect', (reason) => {
      this.update({ connection: 'offline', shopTyping: false });
      // Socket.IO reconnects by itself after a lost connection, never after the server
      // closed the socket: find out why, and come back unless the session is gone.
      if (reason === 'io server disconnect') void this.afterServerDisconnect();
    });
    socket.on('connect_error', (error) => {
      // Refused by the server (no buyer session): Socket.IO does not retry those by itself.
      if (!socket.active) {
        if (/start a chat/i.test(error.message)) this.update({ ended: 'lost' });
        else setTimeout(() => !this.closed && socket.connect(), 2_000);
      }
      this.update({ connection: 'offline' });
    });
    socket.on('message:new', ({ message }) => this.receive([message]));
    socket.on('message:read', ({ seq }) =>
      this.update((s) => (s.conversation && seq > s.conversation.staffReadSeq ? { conversation: { ...s.conversation, staffReadSeq: seq } } : {})),
    );
    socket.on('typing', ({ typing }) => this.showTyping(typing));
    socket.on('conversation:changed', ({ conversation }) => this.setConversation(conversation));
    // The queue moved: my place in it (issue 11).
    socket.on('queue:position', ({ conversationId, position }) =>
      this.update((s) =>
        s.conversation && s.conversation.id === conversationId && s.conversation.status === 'queued' && s.conversation.queuePosition !== position
          ? { conversation: { ...s.conversation, queuePosition: position } }
          : {},
      ),
    );
    socket.on('session:ended', () => this.update({ ended: 'left' }));
  }

  /** The server closed the socket: the session is gone (401), or reconnect shortly. */
  private async afterServerDisconnect(): Promise<void> {
    try {
      await currentBuyer();
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        if (!this.closed) this.update({ ended: 'lost' });
        return;
      }
      // The server is not answering: connecting again retries until it does.
    }
    setTimeout(() => {
      if (!this.closed && !this.state.ended && !this.socket.connected) this.socket.connect();
    }, RECONNECT_AFTER_SERVER_DISCONNECT_MS);
  }

  private setConversation(conversation: BuyerConversation | null): void {
    if (!conversation) return;
    this.update((s) => {
      const current = s.conversation;
      if (current && current.id === conversation.id && conversation.version < current.version) return {};
      const merged =
        current && current.id === conversation.id
          ? { ...conversation, staffReadSeq: Math.max(conversation.staffReadSeq, current.staffReadSeq) }
          : conversation;
      return { conversation: merged };
    });
  }

  private showTyping(typing: boolean): void {
    if (this.typingTimer) clearTimeout(this.typingTimer);
    this.typingTimer = typing ? setTimeout(() => this.update({ shopTyping: false }), TYPING_SHOWN_MS) : null;
    this.update({ shopTyping: typing });
  }

  private receive(messages: readonly BuyerMessage[]): void {
    if (messages.length === 0) return;
    this.update((s) => ({ messages: mergeMessages(s.messages, messages) }));
    for (const message of messages) {
      this.outbox.settle(message.clientId);
      if (message.from === 'shop') this.showTyping(false);
    }
    const last = messages[messages.length - 1]!;
    // A message of a conversation this page has not heard of (a new one started), or past a gap.
    const conversation = this.state.conversation;
    if (!conversation || conversation.id !== last.conversationId || hasGap(this.state.messages, last.conversationId, this.floorOf(last.conversationId))) void this.catchUp();
    this.markRead();
  }

  /** Everything after the last message seen without a gap, page by page; runs one at a time. */
  catchUp(): Promise<void> {
    if (this.catchingUp) {
      this.catchUpAgain = true;
      return this.catchingUp;
    }
    this.catchingUp = (async () => {
      try {
        do {
          this.catchUpAgain = false;
          if (this.state.conversation === null) await this.openAtNewest();
          for (;;) {
            const known = this.state.conversation?.id ?? null;
            const afterSeq = known === null ? 0 : contiguousSeq(this.state.messages, known, this.floorOf(known));
            const page = await buyerEmit.request(this.socket, 'message:list', { afterSeq, limit: 500 });
            if (page.conversation && page.conversation.id !== known) {
              // A new conversation is read from its first message.
              this.floor = { conversationId: page.conversation.id, seq: 1 };
              this.update({ hasOlder: false });
              this.setConversation(page.conversation);
              // The cursor belonged to the earlier conversation: ask again from the start.
              if (afterSeq > 0) continue;
            }
            this.setConversation(page.conversation);
            this.update((s) => ({ messages: mergeMessages(s.messages, page.messages) }));
            for (const message of page.messages) this.outbox.settle(message.clientId);
            if (!page.hasMore) break;
          }
        } while (this.catchUpAgain);
        this.update({ loaded: true });
        this.markRead();
      } catch (error) {
        this.update({ error });
      } finally {
        this.catchingUp = null;
      }
    })();
    return this.catchingUp;
  }

  private floorOf(conversationId: number): number {
    return this.floor.conversationId === conversationId ? this.floor.seq : 1;
  }

  /** The first page of a fresh page: the newest messages (a phone opens where the chat is). */
  private async openAtNewest(): Promise<void> {
    const page = await buyerEmit.request(this.socket, 'message:list', { beforeSeq: MAX_SEQ, limit: HISTORY_PAGE });
    if (!page.conversation) return;
    this.floor = { conversationId: page.conversation.id, seq: page.messages[0]?.seq ?? 1 };
    this.setConversation(page.conversation);
    this.update((s) => ({ messages: mergeMessages(s.messages, page.messages), hasOlder: page.hasMore }));
    for (const message of page.messages) this.outbox.settle(message.clientId);
  }

  /** The page of messages before the oldest shown (the buyer scrolled to the top). */
  async loadOlder(): Promise<void> {
    const conversation = this.state.conversation;
    if (!conversation || !this.state.hasOlder || this.state.loadingOlder || !this.socket.connected) return;
    const before = lowestSeq(this.state.messages, conversation.id);
    if (before <= 1) return this.update({ hasOlder: false });
    this.update({ loadingOlder: true });
    try {
      const page = await buyerEmit.request(this.socket, 'message:list', { beforeSeq: before, limit: HISTORY_PAGE });
      // The buyer's conversation changed meanwhile: its own catch-up shows it.
      if (page.conversation?.id !== conversation.id) return;
      this.update((s) => ({ messages: mergeMessages(s.messages, page.messages), hasOlder: page.hasMore }));
    } catch (error) {
      this.update({ error });
    } finally {
      this.update({ loadingOlder: false });
    }
  }

  /** Tells the shop what the buyer has seen (only while the page is in front). */
  markRead(): void {
    const conversation = this.state.conversation;
    if (!conversation || !this.socket.connected || document.visibilityState !== 'visible') return;
    const seq = highestSeq(this.state.messages, conversation.id);
    if (seq <= this.readSent || seq <= conversation.buyerReadSeq) return;
    this.readSent = seq;
    void buyerEmit.attempt(this.socket, 'message:read', { seq }).catch(() => {
      this.readSent = 0;
    });
  }

  typing(): void {
    this.typingSignal.input();
  }

  sendText(text: string): void {
    const trimmed = text.trim();
    if (!trimmed) return;
    this.typingSignal.stop();
    const clientId = newClientId();
    this.outbox.enqueue(clientId, { clientId, text: trimmed });
  }

  /** Uploads a checked image, then sends it as a message; the preview shows meanwhile. */
  sendImage(file: Blob, mime: ImageType): void {
    const upload = newLocalUpload(newClientId(), null, file, mime, Date.now());
    this.update((s) => ({ uploads: [...s.uploads, upload] }));
    void this.upload(upload);
  }

  private async upload(upload: LocalUpload): Promise<void> {
    try {
      const { imageId } = await uploadBuyerImage(upload.file, upload.mime);
      this.update((s) => ({
        uploads: s.uploads.filter((u) => u.clientId !== upload.clientId),
        previews: new Map(s.previews).set(upload.clientId, upload.previewUrl),
      }));
      this.outbox.enqueue(upload.clientId, { clientId: upload.clientId, imageId });
    } catch (error) {
      this.update((s) => ({ uploads: s.uploads.map((u) => (u.clientId === upload.clientId ? { ...u, state: 'failed', error } : u)) }));
    }
  }

  retry(clientId: string): void {
    const upload = this.state.uploads.find((u) => u.clientId === clientId);
    if (upload) {
      const again: LocalUpload = { ...upload, state: 'uploading', error: null };
      this.update((s) => ({ uploads: s.uploads.map((u) => (u.clientId === clientId ? again : u)) }));
      void this.upload(again);
    } else {
      this.outbox.retry(clientId);
    }
  }

  discard(clientId: string): void {
    const upload = this.state.uploads.find((u) => u.clientId === clientId);
    if (upload) URL.revokeObjectURL(upload.previewUrl);
    this.update((s) => ({ uploads: s.uploads.filter((u) => u.clientId !== clientId) }));
    this.outbox.discard(clientId);
  }

  imageUrl = buyerImageUrl;

  close(): void {
    this.closed = true;
    this.typingSignal.stop();
    this.outbox.close();
    this.socket.removeAllListeners();
    this.socket.disconnect();
    if (this.typingTimer) clearTimeout(this.typingTimer);
    for (const url of this.state.previews.values()) URL.revokeObjectURL(url);
    for (const upload of this.state.uploads) URL.revokeObjectURL(upload.previewUrl);
  }
}
