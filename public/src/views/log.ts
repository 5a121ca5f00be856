import { api, ApiFailure } from "../api.ts";
import { focusHeading, formatTime, h, keepingFocus, replace } from "../dom.ts";
import { noteRoute, type LogFilters, type Route } from "../routes.ts";
import type { EventDetail, EventType, LogEntry, LogItem, Webhook } from "../types.ts";
import { hourlyChart, type HourBucket } from "./chart.ts";
import { renderDetail, version, waiting } from "./delivery-details.ts";
import { deliveryStatus } from "./delivery-status.ts";
import { renderEventView } from "./event-view.ts";
import { featureOffBanner } from "./feature-banner.ts";

const REFRESH_MS = 5000;
const PAGE = 50;
/** The most rows a refresh reloads (the API's page limit); beyond it refreshing pauses. */
const MAX_REFRESHED = 500;
const STATUSES = ["pending", "retrying", "succeeded", "failed"];

function option(value: string, label: string) {
  return h("option", { value }, label);
}

/** The log's filters as the API names them, each with its name in the page's address. */
const ADDRESS_NAMES = { webhook_id: "webhook", event_type: "event", status: "status", ticket_id: "ticket", since: "since", until: "until" } as const;

/**
 * The Event log tab: a chart of the last day, filters, the deliveries, newest first; refreshes while open.
 * The address holds the filters and the delivery or event open, so a reload or a shared link shows the same.
 */
export function renderLogTab(content: HTMLElement, route: Route): () => void {
  const filters = {
    webhook_id: h("select", {}, option("", "All webhooks")),
    event_type: h(
      "select",
      {},
      option("", "All events"),
      option("ticket.*", "All ticket events"),
      option("system.*", "All system events"),
      option("system.backup.*", "All backup events"),
      option("custom.*", "All custom events"),
    ),
    status: h("select", {}, option("", "Any status"), ...STATUSES.map((s) => option(s, s))),
    ticket_id: h("input", { type: "search", placeholder: "Ticket id" }),
    since: h("input", { type: "datetime-local" }),
    until: h("input", { type: "datetime-local" }),
  };
  const addressed: LogFilters = route.view === "log" || route.view === "event" ? route.filters : {};
  for (const [key, name] of Object.entries(ADDRESS_NAMES)) filters[key as keyof typeof filters].value = addressed[name] ?? "";
  /** The filters as the address carries them. */
  const filterRoute = (): LogFilters => Object.fromEntries(Object.entries(ADDRESS_NAMES).map(([key, name]) => [name, filters[key as keyof typeof filters].value]));
  const labels: Record<keyof typeof filters, string> = {
    webhook_id: "Webhook",
    event_type: "Event type",
    status: "Status",
    ticket_id: "Ticket id",
    since: "From",
    until: "Until",
  };
  const chartBox = h("div", {});
  const table = h("tbody", {});
  const detail = h("section", { class: "card detail", "aria-live": "polite" });
  const more = h("button", { type: "button", hidden: true }, "Load older entries");
  const message = h("p", { role: "status", class: "status" });
  const bannerBox = h("div", {});
  let cursor: string | null = null;
  /** Rows shown: a refresh reloads as many, so older entries the admin loaded stay in view. */
  let shown = 0;
  /** The delivery whose details are open, and what they showed: a refresh redraws them when it changed. */
  let open: { id: number; version: string } | null = null;

  /** `opened`: the admin asked for these details (scrolled into view), not a refresh redrawing them. */
  async function showDetail(id: number, message = "", opened = false, known?: LogEntry) {
    if (opened) noteRoute({ view: "log", filters: filterRoute(), delivery: id }, "push");
    let entry: LogEntry;
    try {
      entry = known ?? (await api<LogEntry>("GET", `/log/${id}`));
    } catch (err) {
      // a shared link to a delivery the retention removed since
      if (!(err instanceof ApiFailure)) throw err;
      replace(detail, h("p", { class: "hint" }, err.status === 404 ? `Delivery #${id} is not in the log (any more).` : err.message));
      return;
    }
    open = { id, version: version(entry) };
    keepingFocus(detail, () =>
      renderDetail(
        detail,
        entry,
        {
          resend: async () => {
            await api("POST", `/log/${id}/resend`);
            await Promise.all([showDetail(id, "Queued again."), load()]);
          },
          showEvent: () => void showEvent(entry.event_uuid),
          close: () => {
            open = null;
            replace(detail);
            noteRoute({ view: "log", filters: filterRoute() });
            // back to where the details were opened from
            table.querySelector<HTMLElement>(`[data-id="${id}"] button`)?.focus();
          },
        },
        message,
      ),
    );
    if (opened) detail.scrollIntoView({ block: "nearest" });
  }

  /** The event's view in the details' place: every delivery it led to, each opening its details. */
  async function showEvent(uuid: string) {
    noteRoute({ view: "event", uuid, filters: filterRoute() }, "push");
    let event;
    try {
      event = await api<EventDetail>("GET", `/events/${uuid}`);
    } catch (err) {
      if (!(err instanceof ApiFailure)) throw err;
      replace(detail, h("p", { class: "hint" }, err.message));
      return;
    }
    // a delivery's details refresh while open; the event's view shows them as they were
    open = null;
    renderEventView(detail, event, {
      openDelivery: (id) => void showDetail(id, "", true),
      close: () => {
        replace(detail);
        noteRoute({ view: "log", filters: filterRoute() });
      },
    });
  }

  async function refreshDetail() {
    if (!open) return;
    const { id, version: shownVersion } = open;
    let entry;
    try {
      entry = await api<LogEntry>("GET", `/log/${id}`);
    } catch (err) {
      if (!(err instanceof ApiFailure)) throw err;
      // removed by the log's retention meanwhile; anything else the list's own refresh reports
      if (err.status === 404 && open?.id === id) {
        open = null;
        const hadFocus = detail.contains(document.activeElement);
        const note = h("p", { class: "hint", tabIndex: -1 }, "This delivery is no longer in the log (past the retention).");
        replace(detail, note);
        if (hadFocus) note.focus();
      }
      return;
    }
    if (open?.id === id && version(entry) !== shownVersion) await showDetail(id, "", false, entry);
  }

  const query = (after: string | null, limit = PAGE) => {
    const params = new URLSearchParams({ limit: String(limit) });
    for (const [key, el] of Object.entries(filters)) {
      if (!el.value) continue;
      params.set(key, key === "since" || key === "until" ? new Date(el.value).toISOString() : el.value);
    }
    if (after) params.set("cursor", after);
    return `/log?${params}`;
  };

  const row = (item: LogItem) =>
    h(
      "tr",
      { "data-id": String(item.id) },
      h("td", { "data-label": "Time" }, formatTime(item.created_at)),
      h("td", { "data-label": "Event" }, item.event_type),
      h("td", { "data-label": "Ticket" }, item.ticket_id || "–"),
      h("td", { "data-label": "Webhook" }, item.webhook_name),
      h("td", { "data-label": "Status" }, deliveryStatus(item)),
      h("td", { "data-label": "Attempts" }, String(item.attempts)),
      h("td", { "data-label": "Response" }, item.response_status === null ? (item.error ?? (waiting(item) ? `waits for #${item.held_back_by}` : "–")) : `HTTP ${item.response_status}`),
      h("td", {}, h("button", { type: "button", class: "link", "aria-label": `Details: ${item.event_type} to ${item.webhook_name}`, on: { click: () => void showDetail(item.id, "", true) } }, "Details")),
    );

  async function load() {
    try {
      const [{ items, next_cursor }, { items: hours }, banner] = await Promise.all([
        api<{ items: LogItem[]; next_cursor: string | null }>("GET", query(null, Math.min(Math.max(shown, PAGE), MAX_REFRESHED))),
        api<{ items: HourBucket[] }>("GET", "/stats/hourly"),
        featureOffBanner(),
      ]);
      replace(bannerBox, banner);
      replace(chartBox, hourlyChart(hours));
      keepingFocus(table, () => replace(table, ...(items.length ? items.map(row) : [h("tr", {}, h("td", { colSpan: 8 }, "No deliveries match."))])));
      cursor = next_cursor;
      shown = items.length;
      more.hidden = cursor === null;
      message.textContent = "";
    } catch (err) {
      if (!(err instanceof ApiFailure)) throw err;
      message.textContent = err.message;
    }
  }

  more.addEventListener("click", async () => {
    const page = await api<{ items: LogItem[]; next_cursor: string | null }>("GET", query(cursor));
    table.append(...page.items.map(row));
    cursor = page.next_cursor;
    shown += page.items.length;
    more.hidden = cursor === null;
    if (shown > MAX_REFRESHED) message.textContent = "Automatic refresh paused while this many entries are shown: change a filter to refresh.";
  });
  const reload = () => {
    shown = 0;
    noteRoute(open ? { view: "log", filters: filterRoute(), delivery: open.id } : { view: "log", filters: filterRoute() });
    void load();
  };
  for (const el of Object.values(filters)) el.addEventListener("change", reload);

  const choices = Promise.all([api<{ items: Webhook[] }>("GET", "/webhooks"), api<{ items: EventType[] }>("GET", "/event-types")]).then(([webhooks, types]) => {
    filters.webhook_id.append(...webhooks.items.map((w) => option(String(w.id), w.name)));
    filters.event_type.append(...types.items.map((t) => option(t.type, t.type)));
    // the options arrive after the address set the values: set them again now that they exist
    filters.webhook_id.value = addressed.webhook ?? "";
    filters.event_type.value = addressed.event ?? "";
  });

  replace(
    content,
    h("h1", {}, "Event log"),
    bannerBox,
    chartBox,
    h(
      "form",
      { class: "filters card", role: "search", on: { submit: (e) => (e.preventDefault(), reload()) } },
      ...(Object.keys(filters) as (keyof typeof filters)[]).map((key) => {
        filters[key].id = `filter-${key}`;
        return h("div", { class: "field" }, h("label", { for: `filter-${key}` }, labels[key]), filters[key]);
      }),
    ),
    message,
    h(
      "table",
      { class: "list" },
      h("thead", {}, h("tr", {}, ...["Time", "Event", "Ticket", "Webhook", "Status", "Attempts", "Response", ""].map((t) => h("th", { scope: "col" }, t)))),
      table,
    ),
    more,
    detail,
  );
  focusHeading(content);
  // the first page waits for the filters' choices: a webhook in the address is one of them
  void choices.then(load);
  if (route.view === "log" && route.delivery !== undefined) void showDetail(route.delivery, "", true);
  if (route.view === "event") void showEvent(route.uuid);
  const timer = setInterval(() => {
    if (shown <= MAX_REFRESHED) void load();
    void refreshDetail();
  }, REFRESH_MS);
  return () => clearInterval(timer);
}
