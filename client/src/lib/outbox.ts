/**
 * Messages waiting for the server's ack. A chat message is "sent" only when the server has
 * committed it and acked (docs/chat.md "What ack means"); until then it stays here, shown
 * with a pending mark, and is sent again with the same clientId after a timeout, a lost
 * connection or a passing server error. The server stores a clientId once, so a resend
 * after a lost ack is harmless.
 *
 * One message is in flight at a time, oldest first: a retried message never lands behind
 * one the person wrote after it.
 */
import type { AckError } from '@kefu/shared/events';

/** Errors a later attempt may get past; any other error ack is final (the message is refused). */
const TRANSIENT_CODES: ReadonlySet<string> = new Set(['rate_limited', 'unavailable', 'internal']);

export function isAckError(value: unknown): value is AckError {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string';
}

export type OutboxState = 'queued' | 'sending' | 'failed';

export interface OutboxEntry<P> {
  clientId: string;
  payload: P;
  state: OutboxState;
  /** Attempts made so far. */
  attempts: number;
  /** Why the last attempt failed (a refusal when state is 'failed'). */
  error: AckError['error'] | null;
  /** When it was first queued (ms since the epoch): shown while pending, and keeps the order. */
  queuedAt: number;
}

export interface OutboxOptions<P, R> {
  /** One attempt: resolves with the ack (success or error ack); rejects on a timeout or a lost connection. */
  send(payload: P): Promise<R | AckError>;
  /** Whether an attempt can be made now; when false the outbox waits for `resume()`. */
  isConnected(): boolean;
  onAcked?(clientId: string, response: R): void;
  onRefused?(clientId: string, error: AckError['error']): void;
  /** Wait before attempt n+1 (n ≥ 1) while connected: grows, capped. */
  retryDelayMs?(attempts: number): number;
  now?(): number;
  setTimer?(fn: () => void, ms: number): unknown;
  clearTimer?(handle: unknown): void;
  /** Keeps the entries across page reloads (localStorage); loaded once at construction. */
  storage?: { load(): OutboxEntry<P>[]; save(entries: OutboxEntry<P>[]): void };
}

export const defaultRetryDelayMs = (attempts: number): number => Math.min(30_000, 500 * 2 ** Math.max(0, attempts - 1));

export class Outbox<P, R> {
  private entries: OutboxEntry<P>[] = [];
  private inFlight: string | null = null;
  private timer: unknown = null;
  private snapshot: readonly OutboxEntry<P>[] = [];
  private readonly listeners = new Set<() => void>();
  private closed = false;

  constructor(private readonly options: OutboxOptions<P, R>) {
    const stored = options.storage?.load() ?? [];
    // Whatever was in flight when the page went away is simply queued again.
    this.entries = stored.map((entry) => (entry.state === 'sending' ? { ...entry, state: 'queued' } : entry));
    this.snapshot = [...this.entries];
  }

  /** Queues a message (ignored when its clientId is already here) and tries to send it. */
  enqueue(clientId: string, payload: P): void {
    if (this.entries.some((entry) => entry.clientId === clientId)) return;
    const now = this.options.now?.() ?? Date.now();
    this.entries.push({ clientId, payload, state: 'queued', attempts: 0, error: null, queuedAt: now });
    this.changed();
    this.pump();
  }

  /** The connection is back: send whatever waits, at once. */
  resume(): void {
    this.cancelTimer();
    this.pump();
  }

  /** A refused message, sent again on the person's request. */
  retry(clientId: string): void {
    const entry = this.entries.find((e) => e.clientId === clientId);
    if (!entry || entry.state !== 'failed') return;
    entry.state = 'queued';
    entry.error = null;
    this.changed();
    this.pump();
  }

  /** Drops a message that will not be sent (refused, and the person gave up on it). */
  discard(clientId: string): void {
    const before = this.entries.length;
    this.entries = this.entries.filter((e) => e.clientId !== clientId || e.state === 'sending');
    if (this.entries.length !== before) this.changed();
  }

  /** Drops an entry the server is known to have stored (its message arrived by another way). */
  settle(clientId: string): void {
    if (this.inFlight === clientId) return; // its ack is on the way and will settle it
    const before = this.entries.length;
    this.entries = this.entries.filter((e) => e.clientId !== clientId);
    if (this.entries.length !== before) this.changed();
  }

  /** Every entry, oldest first; the same array until something changes (for useSyncExternalStore). */
  list(): readonly OutboxEntry<P>[] {
    return this.snapshot;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops sending (the page is leaving); the entries stay in storage. */
  close(): void {
    this.closed = true;
    this.cancelTimer();
  }

  private changed(): void {
    this.snapshot = this.entries.map((entry) => ({ ...entry }));
    this.options.storage?.save(this.snapshot.map((entry) => ({ ...entry })));
    for (const listener of this.listeners) listener();
  }

  private cancelTimer(): void {
    if (this.timer !== null) {
      (this.options.clearTimer ?? clearTimeout)(this.timer as ReturnType<typeof setTimeout>);
      this.timer = null;
    }
  }

  private later(ms: number): void {
    this.cancelTimer();
    const set = this.options.setTimer ?? ((fn: () => void, wait: number) => setTimeout(fn, wait));
    this.timer = set(() => {
      this.timer = null;
      this.pump();
    }, ms);
  }

  private pump(): void {
    if (this.closed || this.inFlight !== null || this.timer !== null) return;
    if (!this.options.isConnected()) return;
    const entry = this.entries.find((e) => e.state === 'queued');
    if (!entry) return;
    entry.state = 'sending';
    entry.attempts += 1;
    this.inFlight = entry.clientId;
    this.changed();
    const delay = () => (this.options.retryDelayMs ?? defaultRetryDelayMs)(entry.attempts);

    this.options.send(entry.payload).then(
      (response) => {
        this.inFlight = null;
        if (!this.entries.includes(entry)) return this.pump();
        if (isAckError(response)) {
          entry.error = response.error;
          if (TRANSIENT_CODES.has(response.error.code)) {
            entry.state = 'queued';
            this.changed();
            return this.later(delay());
          }
          entry.state = 'failed';
          this.changed();
          this.options.onRefused?.(entry.clientId, response.error);
          return this.pump();
        }
        this.entries = this.entries.filter((e) => e !== entry);
        this.changed();
        this.options.onAcked?.(entry.clientId, response);
        this.pump();
      },
      () => {
        // No answer in time, or the connection dropped: try again (the server dedupes by clientId).
        this.inFlight = null;
        if (!this.entries.includes(entry)) return this.pump();
        entry.state = 'queued';
        entry.error = null;
        this.changed();
        if (this.options.isConnected()) this.later(delay());
        // else: resume() on reconnect
      },
    );
  }
}

/** A fresh message id: UUID v4 where the browser has it (secure contexts), else 32 random hex digits. */
export function newClientId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** localStorage under `key`, failing quietly when storage is blocked or full. */
export function localStorageFor<P>(key: string): NonNullable<OutboxOptions<P, unknown>['storage']> {
  return {
    load() {
      try {
        const raw = localStorage.getItem(key);
        const parsed: unknown = raw ? JSON.parse(raw) : [];
        return Array.isArray(parsed) ? (parsed as OutboxEntry<P>[]).filter((e) => typeof e?.clientId === 'string') : [];
      } catch {
        return [];
      }
    },
    save(entries) {
      try {
        if (entries.length) localStorage.setItem(key, JSON.stringify(entries));
        else localStorage.removeItem(key);
      } catch {
        // blocked or full: the outbox still works for this page's life
      }
    },
  };
}
