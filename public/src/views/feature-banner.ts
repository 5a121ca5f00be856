import { api } from "../api.ts";
import { h } from "../dom.ts";
import type { Settings } from "../types.ts";

/**
 * A notice while the whole feature is switched off in General settings: webhooks still
 * show "on" and the log fills, but nothing is sent until it is switched on again.
 */
export async function featureOffBanner(): Promise<HTMLElement | null> {
  const { enabled } = await api<Settings>("GET", "/settings");
  return enabled
    ? null
    : h("p", { class: "status error", role: "note" }, "Webhooks are switched off in General settings: nothing is sent until they are switched on; events wait for as long as the log is kept.");
}
