/**
 * A small write-behind batcher: items submitted within a few milliseconds (or while the
 * previous batch is being written) are written together by one `flush` — one transaction,
 * many rows — and each submitter's promise settles only after that commit. One flush runs
 * at a time per process, so one sender's items are stored in the order they were sent.
 */
export class WriteBehind<I, R> {
  private queue: Array<{ item: I; resolve: (result: R) => void; reject: (err: unknown) => void }> = [];
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly flush: (items: I[]) => Promise<R[]>,
    private readonly options: { windowMs: number; maxBatch: number },
  ) {}

  submit(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves when every item submitted so far has been written (or failed). */
  async drain(): Promise<void> {
    while (this.running || this.queue.length) {
      if (!this.running) this.start();
      await this.running;
    }
  }

  get pending(): number {
    return this.queue.length;
  }

  /** Whether a batch is being written or items wait for one. */
  get busy(): boolean {
    return this.running !== null || this.queue.length > 0;
  }

  private schedule(): void {
    if (this.running) return; // the running loop picks the item up when its flush ends
    if (this.queue.length >= this.options.maxBatch) {
      this.start();
      return;
    }
    this.timer ??= setTimeout(() => this.start(), this.options.windowMs);
  }

  private start(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.running) return;
    this.running = this.loop().finally(() => {
      this.running = null;
    });
  }

  /**
   * Writes batches one after the other. A written batch's submitters are settled just after
   * the next batch has been started (its first request is on its way to the database), not
   * before: their acks then go out while the database works, instead of ahead of it.
   */
  private async loop(): Promise<void> {
    let settle: (() => void) | null = null;
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, this.options.maxBatch);
        const writing = this.flush(batch.map((entry) => entry.item));
        settle?.();
        settle = null;
        try {
          const results = await writing;
          settle = () => batch.forEach((entry, i) => entry.resolve(results[i] as R));
        } catch (err) {
          // Nothing of this batch was committed: no ack, the senders retry with the same ids.
          for (const entry of batch) entry.reject(err);
        }
      }
    } finally {
      settle?.();
    }
  }
}
