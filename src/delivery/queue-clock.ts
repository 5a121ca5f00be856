import { watchClock } from "./clock-jump.ts";

/**
 * The wall clock as the queue's times are written. When the wall clock is set (NTP, after
 * a boot without a reliable clock), the queue's times stay in the old time until the jump
 * is followed (`follow`): until then `now()` is the wall clock less the jump, so a retry
 * timed meanwhile moves with the others when it is.
 */
export class QueueClock {
  private readonly clock: ReturnType<typeof watchClock>;
  /** Jumps seen whose retries have yet to be moved. */
  private unfollowedMs = 0;

  /** `onJump` hears of each jump as it is seen. */
  constructor(
    now: () => number,
    monotonic: () => number,
    private readonly onJump: (jumpMs: number) => void,
  ) {
    this.clock = watchClock(now, monotonic);
  }

  now(): number {
    const reading = this.clock.read();
    if (reading.kind === "jumped") {
      this.unfollowedMs += reading.jumpMs;
      this.onJump(reading.jumpMs);
    }
    return reading.now - this.unfollowedMs;
  }

  /**
   * Moves the queue's times by the jumps not yet followed (`move`), if any; returns whether
   * there were. Should `move` fail, the jump stays to be followed on the next call.
   */
  async follow(move: (jumpMs: number) => Promise<void>): Promise<boolean> {
    const jumpMs = this.unfollowedMs;
    if (jumpMs === 0) return false;
    const moving = move(jumpMs);
    // results timed from here on are in the new time, which `move` leaves alone
    this.unfollowedMs -= jumpMs;
    try {
      await moving;
    } catch (err) {
      this.unfollowedMs += jumpMs;
      throw err;
    }
    return true;
  }
}
