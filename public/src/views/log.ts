import { api, ApiFailure } from "../api.ts";
import { formatTime, h, replace, statusBadge } from "../dom.ts";
import type { EventType, LogEntry, LogItem, Webhook } from "../types.ts";
import { hourlyChart, type HourBucket } from "./chart.ts";

const REFRESH_MS = 5000;
const PAGE = 50;
/** The most rows a refresh reloads (the API's page limit); beyond it refreshing pauses. */
const MAX_REFRESHED = 500;
const STATUSES = ["pending", "retrying", "succeeded", "failed"];

function option(value: string, label: string) {
  return h("option", { value }, label);
}

function pre(title: string, value: unknown) {
  if (value === undefined || value === null) return null;
  const textValue = typeof value === "string" ? value : Object.entries(value as Record<string, string>).map(([k, v]) => `${k}: ${v}`).join("\n");
  return h("div", {}, h("h4", {}, title), h("pre", { class: "preview" }, textValue));
}

/** One delivery in full: its event and every attempt, with Resend. */
async function showDetail(panel: HTMLElement, id: number, refresh: () => void) {
  const entry = await api<LogEntry>("GET", `/log/${id}`);
  const status = h("p", { role: "status", class: "status" });
  const resend = h(
    "button",
    {
      type: "button",
      on: {
        click: async () => {
          try {
            await api("POST", `/log/${id}/resend`);
            status.textContent = "Queued again.";
            refresh();
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
    h("h2", {}, `${entry.event_type} → ${entry.webhook_name}`),
    h("p", {}, statusBadge(entry.status), ` ${entry.attempts} attempt(s)`, entry.error ? ` – ${entry.error}` : "", entry.next_attempt_at ? ` – next try ${formatTime(entry.next_attempt_at)}` : ""),
    h("p", { class: "mono" }, `Event ${entry.event_uuid}`),
    entry.event ? pre("Event data", JSON.stringify(entry.event.data, null, 2)) : null,
    h(
      "ol",
      { class: "attempts" },
      ...entry.attempt_log.map((a) =>
        h(
          "li",
          {},
          h("p", {}, `${formatTime(a.started_at)} – ${a.method} ${a.url} – ${a.response_status === null ? "no answer" : `HTTP ${a.response_status}`} – ${a.duration_ms} ms`),
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
    h("div", { class: "actions" }, resend, h("button", { type: "button", class: "link", on: { click: () => replace(panel) } }, "Close")),
    status,
  );
  panel.scrollIntoView({ block: "nearest" });
}

/** The Event log tab: a chart of the last day, filters, the deliveries, newest first; refreshes while open. */
export function renderLogTab(content: HTMLElement): () => void {
  const filters = {
    webhook_id: h("select", {}, option("", "All webhooks")),
    event_type: h("select", {}, option("", "All events"), option("ticket.*", "All ticket events"), option("system.*", "All system events")),
    status: h("select", {}, option("", "Any status"), ...STATUSES.map((s) => option(s, s))),
    ticket_id: h("input", { type: "search", placeholder: "Ticket id" }),
    since: h("input", { type: "datetime-local" }),
    until: h("input", { type: "datetime-local" }),
  };
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
  let cursor: string | null = null;
  /** Rows shown: a refresh reloads as many, so older entries the admin loaded stay in view. */
  let shown = 0;

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
      {},
      h("td", { "data-label": "Time" }, formatTime(item.created_at)),
      h("td", { "data-label": "Event" }, item.event_type),
      h("td", { "data-label": "Ticket" }, item.ticket_id || "–"),
      h("td", { "data-label": "Webhook" }, item.webhook_name),
      h("td", { "data-label": "Status" }, statusBadge(item.status)),
      h("td", { "data-label": "Attempts" }, String(item.attempts)),
      h("td", { "data-label": "Response" }, item.response_status === null ? (item.error ?? "–") : `HTTP ${item.response_status}`),
      h("td", {}, h("button", { type: "button", class: "link", on: { click: () => void showDetail(detail, item.id, load) } }, "Details")),
    );

  async function load() {
    try {
      const [{ items, next_cursor }, { items: hours }] = await Promise.all([
        api<{ items: LogItem[]; next_cursor: string | null }>("GET", query(null, Math.max(shown, PAGE))),
        api<{ items: HourBucket[] }>("GET", "/stats/hourly"),
      ]);
      replace(chartBox, hourlyChart(hours));
      replace(table, ...(items.length ? items.map(row) : [h("tr", {}, h("td", { colSpan: 8 }, "No deliveries match."))]));
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
    void load();
  };
  for (const el of Object.values(filters)) el.addEventListener("change", reload);

  void Promise.all([api<{ items: Webhook[] }>("GET", "/webhooks"), api<{ items: EventType[] }>("GET", "/event-types")]).then(([webhooks, types]) => {
    filters.webhook_id.append(...webhooks.items.map((w) => option(String(w.id), w.name)));
    filters.event_type.append(...types.items.map((t) => option(t.type, t.type)));
  });

  replace(
    content,
    h("h1", {}, "Event log"),
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
  void load();
  const timer = setInterval(() => {
    if (shown <= MAX_REFRESHED) void load();
  }, REFRESH_MS);
  return () => clearInterval(timer);
}
