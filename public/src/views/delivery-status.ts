import { h, statusBadge } from "../dom.ts";
import type { LogItem } from "../types.ts";

/** A test send's mark beside its status. */
export function testBadge(test: boolean) {
  return test ? h("span", { class: "badge badge-test", title: "Sent with “Send test event”: not retried, not counted in the figures" }, "test") : null;
}

/** In place of "pending" or "retrying" while the webhook is switched off. */
export function pausedBadge() {
  return h("span", { class: "badge badge-paused", title: "The webhook is switched off: sent once it is switched on again" }, "paused (webhook off)");
}

/**
 * A delivery's status as badges: a paused one (its webhook switched off) says so instead of
 * "retrying", whose next try would read as due long ago; a test send carries its mark.
 */
export function deliveryStatus(item: Pick<LogItem, "status" | "test" | "paused">): HTMLElement {
  const status = item.paused ? pausedBadge() : statusBadge(item.status);
  return h("span", { class: "badges" }, status, item.test ? " " : "", testBadge(item.test));
}
