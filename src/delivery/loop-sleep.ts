import { wakeableSleep } from "../wakeable-sleep.ts";

/**
 * The dispatcher loop's sleep between passes, and the wake-ups that end it. A wake-up
 * that comes while a pass is under way is kept: the loop then goes on without sleeping.
 */
export class LoopSleep {
  private wakeRequested = false;
  private wakeSleeper: (() => void) | null = null;

  /** Whether a wake-up came since the last `reset`. */
  get woken(): boolean {
    return this.wakeRequested;
  }

  /** Ends the sleep, or, during a pass, has the loop go on without one. */
  wake(): void {
    this.wakeRequested = true;
    this.wakeSleeper?.();
  }

  /** Forgets the wake-ups so far: the pass starting covers them (or a failed pass's backoff goes first). */
  reset(): void {
    this.wakeRequested = false;
  }

  /** Sleeps up to `ms`, not at all after a wake-up; "elapsed" when the whole time passed. */
  async for(ms: number): Promise<"elapsed" | "woken"> {
    if (this.wakeRequested) return "woken";
    const sleep = wakeableSleep(ms);
    this.wakeSleeper = sleep.wake;
    const ended = await sleep.done;
    this.wakeSleeper = null;
    return ended;
  }
}
