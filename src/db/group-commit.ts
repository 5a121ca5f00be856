/**
 * Group commit: callers that arrive while a write is running wait for the next one and
 * share it, so many concurrent requests pay for one transaction and one fsync. Each
 * caller's promise settles when its own items are durably written (or the write failed).
 */
export class GroupCommit<Item, Result> {
  private queue: { items: Item[]; resolve: (r: Result[]) => void; reject: (e: unknown) => void }[] = [];
  private writing = false;

  /** `write` stores all items in one transaction and returns one result per item, in order. */
  constructor(
    private readonly write: (items: Item[]) => Promise<Result[]>,
    private readonly maxItems = 5000,
  ) {}

  submit(items: Item[]): Promise<Result[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ items, resolve, reject });
      if (this.writing) return;
      this.writing = true;
      // The local driver writes synchronously, so a write started at once would be over
      // before the next request is even read: waiting one turn of the event loop lets
      // the requests that arrived together join the same transaction.
      setTimeout(() => void this.drain(), 0);
    });
  }

  private async drain(): Promise<void> {
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
    }
    this.writing = false;
  }

  private takeGroup() {
    let count = 0;
    let n = 0;
    while (n < this.queue.length && (n === 0 || count + this.queue[n]!.items.length <= this.maxItems)) {
      count += this.queue[n]!.items.length;
      n++;
    }
    return this.queue.splice(0, n);
  }
}
