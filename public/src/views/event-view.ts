import { formatTime, h, replace } from "../dom.ts";
import type { EventDetail, EventStatus, LogItem } from "../types.ts";
import { deliveryStatus, testBadge } from "./delivery-status.ts";

/** What became of an event, in words (the API's status says it in a word). */
const STATUS_TEXT: Record<EventStatus, string> = {
  waiting: "Waiting: not yet matched against the webhooks (sending is switched off, or it was just queued).",
  matched_no_webhook: "Matched no webhook: no enabled webhook subscribes to this event type, so nothing was sent.",
  in_progress: "In progress: a delivery is pending or retrying.",
  succeeded: "Every delivery succeeded.",
  failed: "A delivery failed.",
  past_retention: "Its deliveries were removed by the log's retention.",
};

/** A webhook as the log names it: a deleted one keeps its name, marked. */
export function webhookLabel(item: Pick<LogItem, "webhook_name" | "webhook_deleted">): string {
  return item.webhook_deleted ? `${item.webhook_name} (deleted)` : item.webhook_name;
}

/** What became of an event: one its webhooks' filters all turned away matched them, but was sent to none. */
function statusText(event: EventDetail): string {
  if (event.status === "matched_no_webhook" && event.filtered_out.length > 0) return "Sent to no webhook: the filter of each webhook subscribed to it turned it away.";
  return STATUS_TEXT[event.status];
}

/** The webhooks whose filter turned the event away, each with the condition it did not meet. */
function filteredOut(event: EventDetail): HTMLElement | null {
  if (event.filtered_out.length === 0) return null;
  return h(
    "div",
    { class: "filtered-out" },
    h("h4", {}, "Not sent, by filter"),
    h("ul", {}, ...event.filtered_out.map((f) => h("li", {}, `Filtered out by ${f.webhook_name}: ${f.reason}`))),
  );
}

/** One event as received, and every delivery it led to, each opening its details. */
export function renderEventView(panel: HTMLElement, event: EventDetail, on: { openDelivery: (id: number) => void; close: () => void }) {
  const heading = h("h2", { tabIndex: -1 }, `Event ${event.type}`, event.test ? " " : "", testBadge(event.test));
  replace(
    panel,
    heading,
    h("p", { class: "mono" }, event.uuid),
    h("p", {}, `Ticket ${event.ticket_id || "–"} – created ${formatTime(event.created_at)} – received ${formatTime(event.received_at)}`),
    h("p", { role: "status" }, statusText(event)),
    filteredOut(event),
    h("div", {}, h("h4", {}, "Event data"), h("pre", { class: "preview" }, JSON.stringify(event.data, null, 2))),
    event.deliveries.length > 0
      ? h(
          "table",
          { class: "list" },
          h("thead", {}, h("tr", {}, ...["Webhook", "Status", "Attempts", "Last result", ""].map((t) => h("th", { scope: "col" }, t)))),
          h(
            "tbody",
            {},
            ...event.deliveries.map((d) =>
              h(
                "tr",
                { "data-id": String(d.id) },
                h("td", { "data-label": "Webhook" }, webhookLabel(d)),
                h("td", { "data-label": "Status", class: "nowrap" }, deliveryStatus(d)),
                h("td", { "data-label": "Attempts", class: "number" }, String(d.attempts)),
                h("td", { "data-label": "Last result", class: d.error ? "response failure" : "response" }, d.error ?? (d.response_status === null ? "–" : `HTTP ${d.response_status}`)),
                h("td", { class: "nowrap" }, h("button", { type: "button", class: "link", "aria-label": `Details: to ${webhookLabel(d)}`, on: { click: () => on.openDelivery(d.id) } }, "Details")),
              ),
            ),
          ),
        )
      : null,
    h("div", { class: "actions" }, h("button", { type: "button", class: "link", on: { click: on.close } }, "Close")),
  );
  // opened from a button that is now gone: keyboard and screen reader users start here
  heading.focus();
}
