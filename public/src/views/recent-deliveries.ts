import { api, ApiFailure } from "../api.ts";
import { formatTime, h, keepingFocus } from "../dom.ts";
import { go, routeHref } from "../routes.ts";
import type { LogEntry, LogItem, Webhook } from "../types.ts";
import { renderDetail, version } from "./delivery-details.ts";
import { deliveryStatus } from "./delivery-status.ts";
import { resendFailed } from "./resend-failed.ts";

/** As many as GitHub shows of a hook: enough to see a pattern, few enough to read. */
const RECENT = 20;
const REFRESH_MS = 5000;
const COLUMNS = ["Time", "Event", "Status", "Response", "Duration", ""];

/** The answer in a few words: the status code, else what went wrong. */
function response(item: LogItem): string {
  if (item.response_status !== null) return `HTTP ${item.response_status}`;
  return item.error ?? (item.attempts === 0 ? "not sent yet" : "–");
}

/**
 * A webhook's last deliveries, test sends included, each opening its attempts, request and
 * response in place (as the log's details, with Resend). Refreshes itself while shown, and
 * redraws only what changed, so an admin typing in the form above is never disturbed:
 * no focus taken, nothing above it moved.
 */
export function recentDeliveries(webhook: Webhook): { element: HTMLElement; refresh: () => Promise<void> } {
  const status = h("p", { class: "hint", role: "status" }, "Loading the recent deliveries…");
  const body = h("tbody", {});
  const table = h("table", { class: "list recent", hidden: true }, h("thead", {}, h("tr", {}, ...COLUMNS.map((t) => h("th", { scope: "col" }, t)))), body);
  const detail = h("section", { class: "detail", "aria-label": "Delivery details" });
  const retry = h("button", { type: "button", hidden: true, on: { click: () => void refresh() } }, "Try again");
  let items: LogItem[] = [];
  /** The delivery whose details are open, what they showed, and the message shown with them ("Queued again."), kept through refreshes. */
  let open: { id: number; version: string; message: string } | null = null;
  const resend = resendFailed(webhook, () => void refresh());

  const row = (item: LogItem) =>
    h(
      "tr",
      { "data-id": String(item.id) },
      h("td", { "data-label": "Time" }, formatTime(item.created_at)),
      h("td", { "data-label": "Event" }, item.event_type),
      h("td", { "data-label": "Status" }, deliveryStatus(item)),
      h("td", { "data-label": "Response" }, response(item)),
      h("td", { "data-label": "Duration" }, item.duration_ms === null ? "–" : `${item.duration_ms} ms`),
      h(
        "td",
        {},
        h("button", { type: "button", class: "link", "aria-expanded": String(open?.id === item.id), "aria-label": `Details: ${item.event_type} at ${formatTime(item.created_at)}`, on: { click: () => void toggle(item.id) } }, "Details"),
      ),
    );

  /** Rows drawn, by delivery, with what they showed: a row is drawn anew only when that changed. */
  const drawn = new Map<number, { version: string; tr: HTMLElement }>();
  const detailRow = h("tr", { class: "detail-row" }, h("td", { colSpan: COLUMNS.length }, detail));

  /**
   * The rows, the open one's details right below it. Rows that did not change stay where they
   * are, moved by none (moving an element takes its focus away, in the details as much as on
   * a button); a new delivery's row goes in above them.
   */
  function drawRows() {
    const wanted = items.flatMap((item) => {
      const rowVersion = `${item.status}:${item.attempts}:${item.paused}:${open?.id === item.id}`;
      let known = drawn.get(item.id);
      if (known?.version !== rowVersion) drawn.set(item.id, (known = { version: rowVersion, tr: row(item) }));
      return item.id === open?.id ? [known.tr, detailRow] : [known.tr];
    });
    for (const id of drawn.keys()) if (!items.some((i) => i.id === id)) drawn.delete(id);
    keepingFocus(body, () => {
      // the rows gone first, so that those staying are found in place, never moved past them
      for (const tr of [...body.children]) if (!wanted.includes(tr as HTMLElement)) tr.remove();
      let next = body.firstElementChild;
      for (const tr of wanted) {
        if (tr === next) next = next.nextElementSibling;
        else body.insertBefore(tr, next);
      }
    });
  }

  async function showDetail(id: number, message = "", known?: LogEntry) {
    const entry = known ?? (await api<LogEntry>("GET", `/log/${id}`));
    open = { id, version: version(entry), message };
    const headingFocused = document.activeElement === detail.querySelector("h2");
    keepingFocus(detail, () =>
      renderDetail(
        detail,
        entry,
        {
          resend: async () => {
            await api("POST", `/log/${id}/resend`);
            await showDetail(id, "Queued again.");
            await refresh();
          },
          // the event's view is the log's: leaving the form asks about unsaved edits, as any way out does
          showEvent: () => go({ view: "event", uuid: entry.event_uuid, filters: { webhook: String(webhook.id) } }),
          close: () => void toggle(id),
        },
        message,
      ),
    );
    if (headingFocused) focusDetailHeading();
  }

  /** Screen readers start at the details just opened; keyboard users go on from there. */
  function focusDetailHeading() {
    const heading = detail.querySelector<HTMLElement>("h2");
    if (!heading) return;
    heading.tabIndex = -1;
    heading.focus();
  }

  /** Opens a delivery's details below its row, or closes them; the focus follows. */
  async function toggle(id: number) {
    if (open?.id === id) {
      open = null;
      drawRows();
      body.querySelector<HTMLElement>(`[data-id="${id}"] button`)?.focus();
      return;
    }
    try {
      await showDetail(id);
    } catch (err) {
      if (!(err instanceof ApiFailure)) throw err;
      status.textContent = err.status === 404 ? "This delivery is no longer in the log (past the retention)." : err.message;
      return;
    }
    drawRows();
    focusDetailHeading();
  }

  async function refresh() {
    // a resend's progress first: once the list is answered, the line above it is up to date too
    await resend.poll();
    let page: { items: LogItem[] };
    try {
      page = await api<{ items: LogItem[] }>("GET", `/log?webhook_id=${webhook.id}&limit=${RECENT}`);
    } catch (err) {
      if (!(err instanceof ApiFailure)) throw err;
      // what was shown stays: the next refresh may well succeed
      status.textContent = `The recent deliveries could not be loaded: ${err.message}`;
      retry.hidden = false;
      return;
    }
    retry.hidden = true;
    items = page.items;
    table.hidden = items.length === 0;
    status.textContent = items.length === 0 ? "No deliveries yet: send a test event (below the form) to see one here." : "";
    if (open && !items.some((i) => i.id === open?.id)) open = null;
    drawRows();
    if (open) {
      const { id, version: before, message } = open;
      let entry: LogEntry;
      try {
        entry = await api<LogEntry>("GET", `/log/${id}`);
      } catch (err) {
        // gone from the log meanwhile: the next refresh of the list closes it
        if (!(err instanceof ApiFailure)) throw err;
        return;
      }
      if (open?.id === id && version(entry) !== before) await showDetail(id, message, entry);
    }
  }

  const element = h(
    "section",
    { class: "card recent-deliveries", "aria-labelledby": "recent-deliveries-heading" },
    h(
      "div",
      { class: "toolbar" },
      h("h2", { id: "recent-deliveries-heading" }, "Recent deliveries"),
      h("a", { href: routeHref({ view: "log", filters: { webhook: String(webhook.id) } }) }, "All deliveries in the event log"),
    ),
    resend.element,
    status,
    retry,
    table,
  );
  void refresh();
  // stops by itself once the form is gone (saved, left): no view has to remember it
  const timer = setInterval(() => (element.isConnected ? void refresh() : clearInterval(timer)), REFRESH_MS);
  return { element, refresh };
}
