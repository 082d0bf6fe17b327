/**
 * Storing messages: never lose one, never store one twice. A send is acked only after its
 * row is committed; sends arriving within a few milliseconds are written together (one
 * multi-row INSERT, one commit), which is what lets the console keep up with a busy shop.
 */
import type { DataSource } from 'typeorm';
import { AppError } from '@kefu/shared/errors';
import type { CannedStep } from '@kefu/shared/schemas/chat';
import { isConnectionLost, isDuplicateKey, isRetryableLock } from '../../platform/db.ts';
import type { Logger } from '../../platform/log.ts';
import { WriteBehind } from './chat.batcher.ts';
import { chatRepository, type MessageState, type MessageWithName, type Queryable } from './chat.repository.ts';

export type SendItem = {
  conversationId: number;
  clientId: string;
  kind: 'text' | 'image';
  body: string | null;
  imageId: string | null;
} & (
  | { from: 'buyer'; buyerId: string }
  /** `joined`: a supervisor who joined the chat on its agent's request for help (chat.help.ts) writes beside the agent. */
  | { from: 'staff'; staffId: number; staffName: string; cannedReplyId: number | null; joined?: boolean }
);

export type SendResult =
  | { ok: true; message: MessageWithName; conversation: MessageState; fresh: boolean }
  | { ok: false; error: AppError }
  /** The buyer wrote into a closed conversation: reopen it (or start a new one) and send again. */
  | { ok: false; reopen: true };

/** Batching: how long the first send of a batch may wait for company, and a batch's size limit. */
export const BATCH_WINDOW_MS = 2;
export const MAX_BATCH = 500;
/**
 * A batch not written within this long is given up: its connection is dropped (the database
 * rolls back what it had not committed) and the batch is written again on a new one. Guards
 * against a connection that hangs without breaking (a network gone quiet), which would
 * otherwise hold up every message of the process.
 */
export const BATCH_TIMEOUT_MS = 30_000;

export class MessageStore {
  private readonly batcher: WriteBehind<SendItem, SendResult>;
  private readonly timeoutMs: number;

  constructor(
    private readonly db: DataSource,
    private readonly clock: () => Date,
    private readonly log: Logger,
    options: { windowMs?: number; maxBatch?: number; timeoutMs?: number } = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? BATCH_TIMEOUT_MS;
    this.batcher = new WriteBehind((items) => this.storeBatch(items), {
      windowMs: options.windowMs ?? BATCH_WINDOW_MS,
      maxBatch: options.maxBatch ?? MAX_BATCH,
    });
  }

  /** Settles after the message is committed (or refused); a rejection means nothing was stored. */
  send(item: SendItem): Promise<SendResult> {
    return this.batcher.submit(item);
  }

  /** Resolves when everything submitted so far is written; then lets go of the store's connection (opened again if needed). */
  async drain(): Promise<void> {
    await this.batcher.drain();
    if (this.connection && !this.batcher.busy) {
      const connection = this.connection;
      this.connection = null;
      connection.end(() => connection.destroy());
    }
  }

  private async storeBatch(items: SendItem[]): Promise<SendResult[]> {
    // First try without looking for earlier copies: a resend is rare, and the unique key
    // refuses it anyway (the whole INSERT fails, the transaction rolls back). Then again,
    // looking first: the resent messages are found and acked with their stored seq.
    let lookFirst = false;
    for (let attempt = 1; ; attempt++) {
      try {
        if (!this.db.isInitialized) throw new AppError('unavailable', 'The server is restarting; send again (with the same clientId)');
        return await this.transaction(items, lookFirst);
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
        // The store's connection broke: again on a new one. Had the COMMIT gone through before
        // the break, looking first finds the stored messages, which are acked as they are.
        if (isConnectionLost(err)) {
          if (attempt < 3) {
            this.log.warn('message batch retried on a new connection', { attempt, size: items.length, reason: String((err as Error).message).slice(0, 120) });
            lookFirst = true;
            continue;
          }
          throw new AppError('unavailable', 'The database cannot be reached; send again (with the same clientId)');
        }
        throw err;
      }
    }
  }

  /**
   * One batch in one transaction, in two round trips to the database, on a connection of the
   * store's own that accepts several statements in one request:
   *   1. START TRANSACTION; lock the batch's conversations (SELECT … FOR UPDATE); the lookups
   *      that need no lock (earlier copies on a retry, canned steps, images);
   *   2. the INSERT of the new messages; the conversation UPDATE (and the answers); COMMIT.
   * The server runs a request's statements in order and stops at the first that fails, so
   * the COMMIT of step 2 only ever runs after every write before it succeeded; on any error
   * the transaction is rolled back (a third request) and nothing of the batch is stored.
   * Fewer round trips matter here because each one waits for a turn of a busy event loop.
   */
  private async transaction(items: SendItem[], lookFirst: boolean): Promise<SendResult[]> {
    // Both are known after the first batch: then the first request leaves synchronously (the
    // batcher starts the next batch before it acks the last, so this goes out before the acks).
    const idStep = this.idStep !== undefined ? this.idStep : await this.consecutiveIds();
    const connection = this.connection ?? (await this.connect());
    const tx = requests(connection);
    const watchdog = setTimeout(() => {
      tx.abort(Object.assign(new Error(`The message batch was not written within ${this.timeoutMs} ms`), { code: 'ETIMEDOUT' }));
      this.disconnect(connection);
    }, this.timeoutMs);
    let begun = false;
    try {
      const opened = Promise.all([
        tx.query('START TRANSACTION'),
        chatRepository.lockForMessages(
          tx,
          items.map((item) => item.conversationId),
        ),
        lookFirst ? chatRepository.existingByClientIds(tx, [...new Set(items.map((item) => item.clientId))]) : Promise.resolve([]),
        chatRepository.cannedSteps(tx, [...new Set(items.flatMap((item) => (item.from === 'staff' && item.cannedReplyId ? [item.cannedReplyId] : [])))]),
        chatRepository.imageConversations(tx, [...new Set(items.flatMap((item) => (item.imageId ? [item.imageId] : [])))]),
      ]);
      begun = true;
      tx.send();
      const [, conversations, existingRows, steps, images] = await opened;
      const plan = this.plan(items, conversations, new Map(existingRows.map((m) => [m.clientId, m])), steps, images);
      const rows = plan.fresh.map((f) => f.row);
      const conversationsOf = (ids: Iterable<number>) => [...ids].map((id) => conversations.get(id)!);
      const written = Promise.all([
        rows.length ? chatRepository.insertMessages(tx, rows) : Promise.resolve(0),
        // Only with innodb_autoinc_lock_mode 2 (interleaved): read the new ids back.
        idStep || !rows.length ? Promise.resolve(null) : chatRepository.existingByClientIds(tx, rows.map((r) => r.clientId)),
        ...plan.answers.map((answer) => chatRepository.markAnswered(tx, answer.conversationId, answer.beforeSeq, plan.now, answer.staffId)),
        // The common case (buyers writing) is one small UPDATE; staff messages change more.
        chatRepository.saveBuyerMessageState(tx, conversationsOf([...plan.touched].filter((id) => !plan.staffTouched.has(id))), plan.now),
        chatRepository.saveMessageState(tx, conversationsOf(plan.staffTouched)),
        tx.query('COMMIT'),
      ]);
      tx.send();
      const [firstId, readBack] = await written;
      begun = false; // committed
      const ids = readBack ? idsByClient(readBack, rows) : rows.map((_, k) => (firstId as number) + k * idStep!.step);
      plan.fresh.forEach((f, k) => {
        f.row.id = ids[k]!;
        plan.results[f.index] = { ok: true, message: f.row, conversation: conversations.get(f.row.conversationId)!, fresh: true };
      });
      return this.settleResends(items, plan);
    } catch (err) {
      if (begun) {
        const rollback = tx.query('ROLLBACK');
        tx.send();
        await rollback.catch(() => this.disconnect(connection)); // its state is unknown: start afresh
      }
      throw err;
    } finally {
      clearTimeout(watchdog);
    }
  }

  // ---- the store's own connection --------------------------------------------------

  /** One connection (one batch is written at a time), with multiple statements per request. */
  private connection: Connection | null = null;
  private connecting: Promise<Connection> | null = null;

  /** The database's id of the store's connection, when one is open (tests kill it to check the store recovers). */
  get connectionId(): number | null {
    return this.connection?.threadId ?? null;
  }

  private connect(): Promise<Connection> {
    this.connecting ??= new Promise<Connection>((resolve, reject) => {
      // The options TypeORM gives its own pool (host, credentials, timezone 'Z', charset, number
      // handling), so values are written and read exactly as on every other connection.
      const driver = this.db.driver as unknown as {
        options: unknown;
        mysql: { createConnection(options: object): Connection };
        createConnectionOptions(options: unknown, credentials: unknown): Record<string, unknown>;
      };
      const { connectionLimit: _pool, acquireTimeout: _acquire, ...options } = driver.createConnectionOptions(driver.options, driver.options);
      const connection = driver.mysql.createConnection({ ...options, multipleStatements: true });
      connection.on('error', () => this.disconnect(connection)); // a lost connection: the next batch opens another
      connection.connect((err) => {
        this.connecting = null;
        if (err) {
          connection.destroy();
          reject(err);
          return;
        }
        this.connection = connection;
        resolve(connection);
      });
    });
    return this.connecting;
  }

  private disconnect(connection: Connection): void {
    if (this.connection === connection) this.connection = null;
    connection.destroy();
  }

  private plan(
    items: SendItem[],
    conversations: Map<number, MessageState>,
    existing: Map<string, MessageWithName & { buyerId: string }>,
    steps: Map<number, CannedStep>,
    images: Map<string, number>,
  ) {
    const now = this.clock();
    const results: SendResult[] = new Array(items.length);
    // Each new message is built once, whole (its id is filled in after the INSERT): one object
    // shape for every message, which keeps the code that reads them fast.
    const fresh: Array<{ index: number; row: MessageWithName }> = [];
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
          id: 0,
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
          answeredAt: null,
          answeredBy: null,
          staffName: item.from === 'staff' ? item.staffName : null,
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
    return { now, results, fresh, sameAs, answers, touched, staffTouched };
  }

  /** Resends within one batch get the same answer as the first of their client id. */
  private settleResends(items: SendItem[], plan: { results: SendResult[]; sameAs: Array<[number, number]> }): SendResult[] {
    const { results } = plan;
    for (const [index, first] of plan.sameAs) {
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

  /** `{ step }` when a multi-row INSERT gets consecutive ids; null when they are read back; undefined: not asked yet. */
  private idStep: { step: number } | null | undefined = undefined;

  /**
   * The ids of a multi-row INSERT. With innodb_autoinc_lock_mode 0 or 1 a "simple insert"
   * gets consecutive ids (step auto_increment_increment) in VALUES order, so no read-back is
   * needed; with mode 2 (interleaved) they are read back by client id.
   */
  private async consecutiveIds(): Promise<{ step: number } | null> {
    const rows = (await this.db.query('SELECT @@innodb_autoinc_lock_mode AS mode, @@auto_increment_increment AS step')) as Array<{ mode: number; step: number }>;
    this.idStep = Number(rows[0]?.mode) <= 1 ? { step: Number(rows[0]?.step ?? 1) } : null;
    return this.idStep;
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
      if ((conversation.agentId !== item.staffId && !item.joined) || conversation.status === 'queued') return refuse(new AppError('forbidden', 'This conversation is not assigned to you'));
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

function idsByClient(stored: ReadonlyArray<{ clientId: string; id: number }>, rows: ReadonlyArray<{ clientId: string }>): number[] {
  const byClient = new Map(stored.map((m) => [m.clientId, m.id]));
  return rows.map((r) => byClient.get(r.clientId)!);
}

/** A mysql2 connection (callback API). */
interface Connection {
  readonly threadId: number | null;
  query(sql: string, callback: (err: Error | null, result: unknown) => void): void;
  format(sql: string, values: unknown[]): string;
  connect(callback: (err: Error | null) => void): void;
  on(event: 'error', listener: (err: Error) => void): void;
  end(callback: () => void): void;
  destroy(): void;
}

/**
 * Collects statements (formatted as mysql2's `query(sql, values)` formats them) and `send`s
 * them as one request; each statement's promise settles with its own result: rows for a
 * SELECT, the result header for a write. When a statement fails the server runs none after
 * it, and every statement of the request is rejected with that error.
 */
function requests(connection: Connection): Queryable & { send(): void; abort(err: Error): void } {
  type Statement = { sql: string; resolve: (result: unknown) => void; reject: (err: unknown) => void };
  let pending: Statement[] = [];
  const inFlight = new Set<Statement[]>();
  let aborted: Error | null = null;
  return {
    query: (sql: string, values?: unknown[]) =>
      new Promise((resolve, reject) => {
        if (aborted) reject(aborted);
        else pending.push({ sql: values ? connection.format(sql, values) : sql, resolve, reject });
      }),
    send() {
      const sent = pending;
      pending = [];
      if (!sent.length || aborted) return;
      inFlight.add(sent);
      connection.query(sent.map((statement) => statement.sql).join(';\n'), (err, result) => {
        inFlight.delete(sent);
        if (err) for (const statement of sent) statement.reject(err);
        else if (sent.length === 1) sent[0]!.resolve(result);
        else sent.forEach((statement, i) => statement.resolve((result as unknown[])[i]));
      });
    },
    /** Fails every statement not answered yet, sent or not, and every later one (the watchdog). */
    abort(err: Error) {
      aborted = err;
      for (const statement of pending) statement.reject(err);
      pending = [];
      for (const sent of inFlight) for (const statement of sent) statement.reject(err);
      inFlight.clear();
    },
  };
}
