import { wakeableSleep } from "../wakeable-sleep.ts";

/**
 * Group commit: callers that arrive while a write is running wait for the next one and
 * share it, so many concurrent requests pay for one transaction and one fsync. Each
 * caller's promise settles when its own items are durably written (or the write failed).
 */
export class GroupCommit<Item, Result> {
  private queue: { items: Item[]; resolve: (r: Result[]) => void; reject: (e: unknown) => void }[] = [];
  private queued = 0;
  private writing = false;
  private lastWriteEnded = -Infinity;
  /** Ends the wait for the next write early, once `maxItems` are waiting. */
  private writeNow: (() => void) | null = null;

  /**
   * `write` stores all items in one transaction and returns one result per item, in order.
   * `spacingMs` > 0 starts a write at most that long after the previous one ended unless
   * `maxItems` are waiting: under load, groups grow and the transaction's fixed cost is
   * shared by more items, while an item arriving when all was quiet is written at once.
   * `maxItems` may be a function, asked whenever a group is formed: what an item costs to
   * write may change.
   */
  constructor(
    private readonly write: (items: Item[]) => Promise<Result[]>,
    private readonly maxItems: number | (() => number) = 5000,
    private readonly spacingMs = 0,
  ) {}

  private get limit(): number {
    return typeof this.maxItems === "number" ? this.maxItems : this.maxItems();
  }

  submit(items: Item[]): Promise<Result[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ items, resolve, reject });
      this.queued += items.length;
      if (this.queued >= this.limit) this.writeNow?.();
      if (this.writing) return;
      this.writing = true;
      // The local driver writes synchronously, so a write started at once would be over
      // before the next request is even read: waiting one turn of the event loop lets
      // the requests that arrived together join the same transaction.
      void this.drain(this.untilNextWrite());
    });
  }

  private untilNextWrite(): number {
    if (this.queued >= this.limit) return 0;
    return Math.max(0, this.lastWriteEnded + this.spacingMs - performance.now());
  }

  private async drain(firstWait: number): Promise<void> {
    await this.pause(firstWait);
    while (this.queue.length > 0) {
      const group = this.takeGroup();
      try {
        const results = await this.write(group.flatMap((g) => g.items));
        let offset = 0;
        for (const g of group) {
          g.resolve(results.slice(offset, offset + g.items.length));
          offset += g.items.length;
        }
      } catch (err) {
        for (const g of group) g.reject(err);
      }
      this.lastWriteEnded = performance.now();
      const wait = this.untilNextWrite();
      if (wait > 0 && this.queue.length > 0) await this.pause(wait);
    }
    this.writing = false;
  }

  private async pause(ms: number): Promise<void> {
    const sleep = wakeableSleep(ms);
    this.writeNow = sleep.wake;
    await sleep.done;
    this.writeNow = null;
  }

  private takeGroup() {
    const limit = this.limit;
    let count = 0;
    let n = 0;
    while (n < this.queue.length && (n === 0 || count + this.queue[n]!.items.length <= limit)) {
      count += this.queue[n]!.items.length;
      n++;
    }
    const group = this.queue.splice(0, n);
    this.queued -= count;
    return group;
  }
}
