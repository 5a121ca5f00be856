import { ApiFailure } from "../api.ts";
import { formatTime, h, replace } from "../dom.ts";
import type { LogEntry, LogItem } from "../types.ts";
import { deliveryStatus } from "./delivery-status.ts";
import { webhookLabel } from "./event-view.ts";

function pre(title: string, value: unknown) {
  if (value === undefined || value === null) return null;
  const textValue = typeof value === "string" ? value : Object.entries(value as Record<string, string>).map(([k, v]) => `${k}: ${v}`).join("\n");
  return h("div", {}, h("h4", {}, title), h("pre", { class: "preview" }, textValue));
}

/** Held back by an earlier delivery of its ticket (the webhook's ordering). */
export const waiting = (item: LogItem) => item.held_back_by !== null && (item.status === "pending" || item.status === "retrying");

/** When it goes out next: a paused one waits for its webhook, not for a time (which may be long past). */
function nextTry(entry: LogEntry): string {
  if (entry.paused) return " – sent once the webhook is switched on again";
  return entry.next_attempt_at ? ` – next try ${formatTime(entry.next_attempt_at)}` : "";
}

/** What a delivery's details show changes with these: redrawn only when they do. */
export const version = (entry: LogEntry) => `${entry.status}:${entry.attempts}:${entry.updated_at}`;

/** One delivery in full: its event (opening the event's view) and every attempt, with Resend but for a test send. */
export function renderDetail(panel: HTMLElement, entry: LogEntry, on: { resend: () => Promise<void>; showEvent: () => void; close: () => void }, message: string) {
  const status = h("p", { role: "status", class: "status" }, message);
  const resend = h(
    "button",
    {
      type: "button",
      on: {
        click: async () => {
          try {
            await on.resend();
          } catch (err) {
            if (!(err instanceof ApiFailure)) throw err;
            status.textContent = err.message;
          }
        },
      },
    },
    "Resend",
  );
  replace(
    panel,
    h("h2", {}, `${entry.event_type} → ${webhookLabel(entry)}`),
    h("p", {}, deliveryStatus(entry), ` ${entry.attempts} attempt${entry.attempts === 1 ? "" : "s"}`, entry.error ? ` – ${entry.error}` : "", nextTry(entry)),
    h(
      "p",
      {},
      "Event ",
      h("button", { type: "button", class: "link mono", "aria-label": `Event ${entry.event_uuid}: all its deliveries`, on: { click: on.showEvent } }, entry.event_uuid),
    ),
    entry.held_back_by === null ? null : h("p", {}, `${waiting(entry) ? "Waits" : "Waited"} for delivery #${entry.held_back_by}, the one before it of ticket ${entry.ticket_id}`),
    entry.event ? pre("Event data", JSON.stringify(entry.event.data, null, 2)) : null,
    h(
      "ol",
      { class: "attempts" },
      ...entry.attempt_log.map((a) =>
        h(
          "li",
          {},
          h("p", {}, `${formatTime(a.started_at)} – ${a.method} `, h("span", { class: "mono" }, a.url), ` – ${a.response_status === null ? "not delivered" : `HTTP ${a.response_status}`} – ${a.duration_ms} ms`),
          a.error ? h("p", { class: "error" }, a.error) : null,
          pre("Request headers", a.request_headers),
          pre("Request body", a.request_body),
          pre("Response headers", a.response_headers),
          pre("Response body", a.response_body),
        ),
      ),
    ),
    entry.attempt_log.length > 0 && entry.attempt_log[0]!.request_headers === undefined
      ? h("p", { class: "hint" }, "Turn on “Log body and headers” for this webhook to see requests and responses in full.")
      : null,
    entry.test ? h("p", { class: "hint" }, "A test send: it is not retried nor resent. Send a test event from the webhook again instead.") : null,
    h("div", { class: "actions" }, entry.test ? null : resend, h("button", { type: "button", class: "link", on: { click: on.close } }, "Close")),
    status,
  );
}

