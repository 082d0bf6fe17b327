/**
 * Storing messages: never lose one, never store one twice. A send is acked only after its
 * row is committed; sends arriving within a few milliseconds are written together (one
 * multi-row INSERT, one commit), which is what lets the console keep up with a busy shop.
 */
import type { DataSource } from 'typeorm';
import { AppError } from '@kefu/shared/errors';
import type { CannedStep } from '@kefu/shared/schemas/chat';
import type { Logger } from '../../platform/log.ts';
import { WriteBehind } from './chat.batcher.ts';
import type { MessageRow } from './chat.entity.ts';
import { chatRepository, type MessageState, type MessageWithName, type Tx } from './chat.repository.ts';

export type SendItem = {
  conversationId: number;
  clientId: string;
  kind: 'text' | 'image';
  body: string | null;
  imageId: string | null;
} & ({ from: 'buyer'; buyerId: string } | { from: 'staff'; staffId: number; staffName: string; cannedReplyId: number | null });

export type SendResult =
  | { ok: true; message: MessageWithName; conversation: MessageState; fresh: boolean }
  | { ok: false; error: AppError }
  /** The buyer wrote into a closed conversation: reopen it (or start a new one) and send again. */
  | { ok: false; reopen: true };

/** Batching: how long the first send of a batch may wait for company, and a batch's size limit. */
export const BATCH_WINDOW_MS = 2;
export const MAX_BATCH = 500;

export function isDuplicateKey(err: unknown): boolean {
  const e = err as { code?: string; errno?: number; driverError?: { code?: string } } | null;
  return e?.code === 'ER_DUP_ENTRY' || e?.driverError?.code === 'ER_DUP_ENTRY';
}

export function isRetryableLock(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string } } | null;
  const code = e?.code ?? e?.driverError?.code;
  return code === 'ER_LOCK_DEADLOCK' || code === 'ER_LOCK_WAIT_TIMEOUT';
}

export class MessageStore {
  private readonly batcher: WriteBehind<SendItem, SendResult>;

  constructor(
    private readonly db: DataSource,
    private readonly clock: () => Date,
    private readonly log: Logger,
    options: { windowMs?: number; maxBatch?: number } = {},
  ) {
    this.batcher = new WriteBehind((items) => this.storeBatch(items), {
      windowMs: options.windowMs ?? BATCH_WINDOW_MS,
      maxBatch: options.maxBatch ?? MAX_BATCH,
    });
  }

  /** Settles after the message is committed (or refused); a rejection means nothing was stored. */
  send(item: SendItem): Promise<SendResult> {
    return this.batcher.submit(item);
  }

  drain(): Promise<void> {
    return this.batcher.drain();
  }

  private async storeBatch(items: SendItem[]): Promise<SendResult[]> {
    // First try without looking for earlier copies: a resend is rare, and the unique key
    // refuses it anyway (the whole INSERT fails, the transaction rolls back). Then again,
    // looking first: the resent messages are found and acked with their stored seq.
    let lookFirst = false;
    for (let attempt = 1; ; attempt++) {
      try {
        if (!this.db.isInitialized) throw new AppError('unavailable', 'The server is restarting; send again (with the same clientId)');
        return await this.db.transaction((tx) => this.storeIn(tx, items, lookFirst));
      } catch (err) {
        if (!(err instanceof AppError) && !this.db.isInitialized) {
          throw new AppError('unavailable', 'The server is restarting; send again (with the same clientId)');
        }
        if (attempt < 5 && isDuplicateKey(err)) {
          if (lookFirst) this.log.warn('message batch retried after a duplicate', { attempt, size: items.length });
          lookFirst = true;
          continue;
        }
        if (attempt < 5 && isRetryableLock(err)) {
          this.log.warn('message batch retried after a lock conflict', { attempt, size: items.length, reason: String((err as Error).message).slice(0, 120) });
          continue;
        }
        throw err;
      }
    }
  }

  private async storeIn(tx: Tx, items: SendItem[], lookFirst: boolean): Promise<SendResult[]> {
    const now = this.clock();
    const conversations = await chatRepository.lockForMessages(
      tx,
      items.map((item) => item.conversationId),
    );
    const existing = lookFirst
      ? new Map((await chatRepository.existingByClientIds(tx, [...new Set(items.map((item) => item.clientId))])).map((m) => [m.clientId, m]))
      : new Map<string, MessageWithName & { buyerId: string }>();
    const cannedIds = [...new Set(items.flatMap((item) => (item.from === 'staff' && item.cannedReplyId ? [item.cannedReplyId] : [])))];
    const steps = await chatRepository.cannedSteps(tx, cannedIds);
    const images = await chatRepository.imageConversations(tx, [...new Set(items.flatMap((item) => (item.imageId ? [item.imageId] : [])))]);

    const results: SendResult[] = new Array(items.length);
    const fresh: Array<{ index: number; row: Omit<MessageRow, 'id' | 'answeredAt' | 'answeredBy'> }> = [];
    const firstInBatch = new Map<string, number>();
    const sameAs: Array<[number, number]> = [];
    const answers: Array<{ conversationId: number; beforeSeq: number; staffId: number }> = [];
    const touched = new Set<number>();
    const staffTouched = new Set<number>();

    items.forEach((item, index) => {
      const earlier = existing.get(item.clientId);
      if (earlier) {
        results[index] = sameSender(earlier, item)
          ? { ok: true, message: earlier, conversation: conversations.get(earlier.conversationId) ?? conversations.get(item.conversationId)!, fresh: false }
          : { ok: false, error: new AppError('conflict', 'This clientId belongs to another message; generate a new one') };
        return;
      }
      const first = firstInBatch.get(item.clientId);
      if (first !== undefined) {
        sameAs.push([index, first]); // a resend within the same batch: same answer as the first
        return;
      }
      const refusal = this.check(item, conversations.get(item.conversationId), images, steps);
      if (refusal) {
        results[index] = refusal;
        return;
      }
      const conversation = conversations.get(item.conversationId)!;
      const seq = ++conversation.lastSeq;
      const cannedStep: CannedStep | null = item.from === 'staff' && item.cannedReplyId ? (steps.get(item.cannedReplyId) ?? null) : null;
      fresh.push({
        index,
        row: {
          conversationId: conversation.id,
          seq,
          clientId: item.clientId,
          sender: item.from,
          staffId: item.from === 'staff' ? item.staffId : null,
          kind: item.kind,
          body: item.body,
          imageId: item.imageId,
          cannedStep,
          createdAt: now,
        },
      });
      firstInBatch.set(item.clientId, index);
      touched.add(conversation.id);
      conversation.lastMessageAt = now;
      if (item.from === 'staff') staffTouched.add(conversation.id);
      if (item.from === 'buyer') {
        conversation.firstBuyerMessageAt ??= now;
        conversation.pendingSince ??= now;
      } else {
        // The first staff message after buyer messages answers them (KPI: 3-minute response rate).
        if (conversation.pendingSince) answers.push({ conversationId: conversation.id, beforeSeq: seq, staffId: item.staffId });
        conversation.pendingSince = null;
        if (conversation.firstBuyerMessageAt && !conversation.firstResponseAt) {
          conversation.firstResponseAt = now;
          conversation.firstResponseBy = item.staffId;
        }
        // 订单确认: sending the order-confirmation step confirms the order (G09 counts from here).
        if (cannedStep === 'order_confirm' && !conversation.orderConfirmedAt) {
          conversation.orderConfirmedAt = now;
          conversation.orderConfirmedBy = item.staffId;
        }
      }
    });

    if (fresh.length) {
      const firstId = await chatRepository.insertMessages(
        tx,
        fresh.map((f) => f.row),
      );
      for (const answer of answers) await chatRepository.markAnswered(tx, answer.conversationId, answer.beforeSeq, now, answer.staffId);
      // The common case (buyers writing) is one small UPDATE; staff messages change more.
      await chatRepository.saveBuyerMessageState(
        tx,
        [...touched].filter((id) => !staffTouched.has(id)).map((id) => conversations.get(id)!),
        now,
      );
      await chatRepository.saveMessageState(
        tx,
        [...staffTouched].map((id) => conversations.get(id)!),
      );
      const ids = await this.insertedIds(tx, firstId, fresh.map((f) => f.row.clientId));
      fresh.forEach((f, k) => {
        const item = items[f.index]!;
        const message: MessageWithName = { ...f.row, id: ids[k]!, answeredAt: null, answeredBy: null, staffName: item.from === 'staff' ? item.staffName : null };
        results[f.index] = { ok: true, message, conversation: conversations.get(f.row.conversationId)!, fresh: true };
      });
    }
    for (const [index, first] of sameAs) {
      const original = results[first]!;
      const item = items[index]!;
      const firstItem = items[first]!;
      const sameAuthor =
        item.from === firstItem.from &&
        item.conversationId === firstItem.conversationId &&
        (item.from === 'buyer' ? firstItem.from === 'buyer' && item.buyerId === firstItem.buyerId : firstItem.from === 'staff' && item.staffId === firstItem.staffId);
      results[index] = !sameAuthor
        ? { ok: false, error: new AppError('conflict', 'This clientId belongs to another message; generate a new one') }
        : original.ok
          ? { ...original, fresh: false }
          : original;
    }
    return results;
  }

  private autoIncrement: Promise<{ consecutive: boolean; step: number }> | null = null;

  /**
   * The ids of a multi-row INSERT. With innodb_autoinc_lock_mode 0 or 1 a "simple insert"
   * gets consecutive ids (step auto_increment_increment) in VALUES order, so no read-back is
   * needed; with mode 2 (interleaved) they are read back by client id.
   */
  private async insertedIds(tx: Tx, firstId: number, clientIds: string[]): Promise<number[]> {
    this.autoIncrement ??= this.db
      .query('SELECT @@innodb_autoinc_lock_mode AS mode, @@auto_increment_increment AS step')
      .then((rows: Array<{ mode: number; step: number }>) => ({ consecutive: Number(rows[0]?.mode) <= 1, step: Number(rows[0]?.step ?? 1) }));
    const { consecutive, step } = await this.autoIncrement;
    if (consecutive) return clientIds.map((_, k) => firstId + k * step);
    const byClient = new Map((await chatRepository.existingByClientIds(tx, clientIds)).map((m) => [m.clientId, m.id]));
    return clientIds.map((id) => byClient.get(id)!);
  }

  private check(
    item: SendItem,
    conversation: MessageState | undefined,
    images: Map<string, number>,
    steps: Map<number, CannedStep>,
  ): SendResult | null {
    const refuse = (error: AppError): SendResult => ({ ok: false, error });
    if (!conversation) return refuse(new AppError('not_found', `No conversation ${item.conversationId}`));
    if (item.from === 'buyer') {
      if (conversation.buyerId !== item.buyerId) return refuse(new AppError('forbidden', 'This is not your conversation'));
      if (conversation.status === 'closed') return { ok: false, reopen: true };
    } else {
      if (conversation.agentId !== item.staffId || conversation.status === 'queued') return refuse(new AppError('forbidden', 'This conversation is not assigned to you'));
      if (conversation.status === 'closed') return refuse(new AppError('conflict', 'This conversation is closed; the buyer reopens it by writing again'));
      if (item.cannedReplyId && !steps.has(item.cannedReplyId)) return refuse(new AppError('invalid', `No canned reply ${item.cannedReplyId}`));
    }
    if (item.imageId && images.get(item.imageId) !== conversation.id) return refuse(new AppError('invalid', 'No such image in this conversation; upload it first'));
    return null;
  }
}

/** A resend must come from the same sender as the stored message, or its clientId is someone else's. */
function sameSender(stored: MessageWithName & { buyerId?: string }, item: SendItem): boolean {
  if (item.from === 'buyer') return stored.sender === 'buyer' && stored.buyerId === item.buyerId;
  return stored.sender === 'staff' && stored.staffId === item.staffId && stored.conversationId === item.conversationId;
}
