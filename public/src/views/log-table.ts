import { formatTime, h, statusBadge } from "../dom.ts";
import type { LogItem } from "../types.ts";
import { waiting } from "./delivery-details.ts";
import { testBadge, webhookLabel } from "./event-view.ts";

export const COLUMNS = ["Time", "Event", "Ticket", "Webhook", "Status", "Attempts", "Response", ""];

/**
 * Redraws content, giving the focus back to where it was: the same element when the redraw
 * kept it (the open details, moved), else the button of the same row (`data-id`) and label.
 */
export function keepingFocus(container: HTMLElement, redraw: () => void) {
  const focused = document.activeElement instanceof HTMLElement && container.contains(document.activeElement) ? document.activeElement : null;
  const row = focused?.closest<HTMLElement>("[data-id]")?.dataset.id;
  const label = focused?.textContent;
  redraw();
  if (!focused || document.activeElement === focused) return;
  if (focused.isConnected) return focused.focus({ preventScroll: true });
  const scope = row === undefined ? container : container.querySelector(`[data-id="${row}"]`);
  [...(scope?.querySelectorAll<HTMLElement>("button") ?? [])].find((b) => b.textContent === label)?.focus();
}

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
    h("td", { "data-label": "Status", class: "nowrap" }, statusBadge(item.status), item.test ? " " : "", testBadge(item.test)),
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
