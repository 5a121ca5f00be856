import { formatTime, h } from "../dom.ts";
import type { LogItem } from "../types.ts";
import { waiting } from "./delivery-details.ts";
import { deliveryStatus } from "./delivery-status.ts";
import { webhookLabel } from "./event-view.ts";

export const COLUMNS = ["Time", "Event", "Ticket", "Webhook", "Status", "Attempts", "Response", ""];

/** What a delivery's last attempt came to, in words: the error says what went wrong. */
function responseText(item: LogItem): string {
  if (item.error) return item.error;
  if (item.response_status !== null) return `HTTP ${item.response_status}`;
  return waiting(item) ? `waits for #${item.held_back_by}` : "–";
}

/** A row of the log, its Details button opening (or closing) the delivery's details under it. */
export function logRow(item: LogItem, onDetails: () => void): HTMLTableRowElement {
  return h(
    "tr",
    { "data-id": String(item.id) },
    h("td", { "data-label": "Time", class: "nowrap" }, formatTime(item.created_at)),
    h("td", { "data-label": "Event" }, item.event_type),
    h("td", { "data-label": "Ticket" }, item.ticket_id || "–"),
    h("td", { "data-label": "Webhook", class: item.webhook_deleted ? "deleted" : undefined }, webhookLabel(item)),
    h("td", { "data-label": "Status", class: "nowrap" }, deliveryStatus(item)),
    h("td", { "data-label": "Attempts", class: "number" }, String(item.attempts)),
    h("td", { "data-label": "Response", class: item.error ? "response failure" : "response" }, responseText(item)),
    h(
      "td",
      { class: "nowrap" },
      h(
        "button",
        { type: "button", class: "link details", "aria-expanded": "false", "aria-label": `Details: ${item.event_type} to ${webhookLabel(item)}`, on: { click: onDetails } },
        "Details",
      ),
    ),
  );
}

/** A row of the whole table's width saying why there are no rows (loading, none, a failure). */
export function messageRow(text: string): HTMLTableRowElement {
  return h("tr", {}, h("td", { colSpan: COLUMNS.length, class: "empty" }, text));
}
