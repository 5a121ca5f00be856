import { api, ApiFailure } from "../api.ts";
import { focusHeading, h, keepingFocus, replace } from "../dom.ts";
import { noteRoute, type Route } from "../routes.ts";
import type { EventDetail, LogEntry, LogItem } from "../types.ts";
import { hourlyChart, type HourBucket } from "./chart.ts";
import { renderDetail, version } from "./delivery-details.ts";
import { renderEventView } from "./event-view.ts";
import { featureOffBanner } from "./feature-banner.ts";
import { logFilters, type Search } from "./log-filters.ts";
import { COLUMNS, logRow, messageRow } from "./log-table.ts";

const REFRESH_MS = 5000;
const PAGE = 50;
/** The most rows a refresh reloads (the API's page limit); beyond it refreshing pauses. */
const MAX_REFRESHED = 500;
/**
 * The Event log tab: a chart of the last day, filters, the deliveries, newest first; refreshes while open.
 * A delivery's details open under its row; an event's view (and details of a delivery not listed) above the table.
 * The address holds the filters and the delivery or event open, so a reload or a shared link shows the same.
 */
export function renderLogTab(content: HTMLElement, route: Route): () => void {
  const addressed = route.view === "log" || route.view === "event" ? route.filters : {};
  const filters = logFilters(addressed, route.view === "event" ? route.uuid : (addressed.ticket ?? ""), { change: () => reload(), search: (s) => void search(s) });
  const chartBox = h("figure", { class: "card chart-card" });
  let hours: HourBucket[] = [];
  let chartDrawn = "";
  /** Draws the chart to the card's width: anew when the data or the width changed, so an hour being looked at keeps its tooltip. */
  const drawChart = () => {
    const style = getComputedStyle(chartBox);
    const width = Math.floor(chartBox.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight));
    const drawn = `${width}:${JSON.stringify(hours)}`;
    if (drawn !== chartDrawn && width > 0) replace(chartBox, ...hourlyChart(hours, width));
    chartDrawn = drawn;
  };
  const table = h("tbody", {}, messageRow("Loading…"));
  const detail = h("div", { class: "detail" });
  const detailRow = h("tr", { class: "detail-row" }, h("td", { colSpan: COLUMNS.length }));
  /** Above the table: an event's view, or the details of a delivery the table does not list. */
  const panel = h("section", { class: "card panel" });
  const more = h("button", { type: "button", hidden: true }, "Load older entries");
  const message = h("p", { role: "status", class: "status" });
  const bannerBox = h("div", {});
  let cursor: string | null = null;
  /** Rows shown: a refresh reloads as many, so older entries the admin loaded stay in view. */
  let shown = 0;
  let loaded = false;
  /** The delivery whose details are open, what they showed (a refresh redraws them when it changed), and where. */
  let open: { id: number; version: string; at: "row" | "panel" } | null = null;
  /** The event whose view is open, and where the focus goes when it closes. */
  let event: { uuid: string; from: () => HTMLElement | null } | null = null;

  const rowOf = (id: number) => table.querySelector<HTMLElement>(`tr[data-id="${id}"]`);
  const here = (): Route =>
    event ? { view: "event", uuid: event.uuid, filters: filters.values() } : { view: "log", filters: filters.values(), delivery: open?.id };

  /** Puts the open details under their row (or above the table when it is not listed) and marks its button. */
  function placeDetail() {
    const row = open?.at === "row" ? rowOf(open.id) : null;
    // moved only when elsewhere: moving what holds the focus loses it
    const cell = detailRow.firstElementChild!;
    if (row) {
      if (detail.parentElement !== cell) cell.append(detail);
      if (row.nextElementSibling !== detailRow) row.after(detailRow);
    } else {
      detailRow.remove();
      if (open && detail.parentElement !== panel) replace(panel, detail);
    }
    for (const button of table.querySelectorAll<HTMLElement>("button.details")) {
      button.setAttribute("aria-expanded", String(open?.at === "row" && button.closest<HTMLElement>("tr")?.dataset.id === String(open.id)));
    }
  }

  function closeDetail(id: number) {
    const at = open?.at;
    open = null;
    replace(detail);
    detailRow.remove();
    if (at === "panel") replace(panel);
    placeDetail();
    noteRoute(here());
    // back to where the details were opened from
    (rowOf(id)?.querySelector<HTMLElement>("button.details") ?? content.querySelector<HTMLElement>("h1"))?.focus();
  }

  /** `opened`: the admin asked for these details (focused, in view, a step Back undoes), not a refresh redrawing them. */
  async function showDetail(id: number, { note = "", opened = false, known, at }: { note?: string; opened?: boolean; known?: LogEntry; at?: "row" | "panel" } = {}) {
    if (opened) {
      event = null;
      open = { id, version: "", at: at ?? (rowOf(id) ? "row" : "panel") };
      if (open.at === "row") replace(panel);
      noteRoute(here(), "push");
    }
    let entry: LogEntry;
    try {
      entry = known ?? (await api<LogEntry>("GET", `/log/${id}`));
    } catch (err) {
      // a shared link to a delivery the retention removed since
      if (!(err instanceof ApiFailure)) throw err;
      open = null;
      placeDetail();
      replace(panel, h("p", { class: "hint" }, err.status === 404 ? `Delivery #${id} is not in the log (any more).` : err.message));
      return;
    }
    if (open?.id !== id) return;
    open.version = version(entry);
    keepingFocus(detail, () =>
      renderDetail(
        detail,
        entry,
        {
          resend: async () => {
            await api("POST", `/log/${id}/resend`);
            await Promise.all([showDetail(id, { note: "Queued again." }), load()]);
          },
          showEvent: () => void showEvent(entry.event_uuid, () => rowOf(id)?.querySelector<HTMLElement>("button.details") ?? null),
          close: () => closeDetail(id),
        },
        note,
      ),
    );
    placeDetail();
    if (opened) {
      const heading = detail.querySelector<HTMLElement>("h2");
      if (heading) heading.tabIndex = -1;
      heading?.focus({ preventScroll: true });
      detail.scrollIntoView({ block: "nearest" });
    }
  }

  /** The event's view above the table: every delivery it led to, each opening its details there. */
  async function showEvent(uuid: string, from: () => HTMLElement | null) {
    if (open) replace(detail);
    open = null;
    detailRow.remove();
    placeDetail();
    event = { uuid, from };
    noteRoute(here(), "push");
    let found;
    try {
      found = await api<EventDetail>("GET", `/events/${uuid}`);
    } catch (err) {
      if (!(err instanceof ApiFailure)) throw err;
      replace(panel, h("p", { class: "hint" }, err.message));
      return err.message;
    }
    if (event?.uuid !== uuid) return "";
    renderEventView(panel, found, {
      openDelivery: (id) => void showDetail(id, { opened: true, at: "panel" }),
      close: () => {
        const back = event?.from();
        event = null;
        replace(panel);
        noteRoute(here());
        (back ?? content.querySelector<HTMLElement>("h1"))?.focus();
      },
    });
    panel.scrollIntoView({ block: "nearest" });
    return "";
  }

  async function search(s: Search) {
    if (s.kind === "event") {
      filters.searched(await showEvent(s.uuid, () => content.querySelector<HTMLElement>("#filter-search")));
      return;
    }
    if (event) {
      event = null;
      replace(panel);
    }
    await reload();
    filters.searched();
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
        const hadFocus = detail.contains(document.activeElement);
        const note = h("p", { class: "hint", tabIndex: -1 }, "This delivery is no longer in the log (past the retention).");
        replace(detail, note);
        if (hadFocus) note.focus();
      }
      return;
    }
    if (open?.id === id && version(entry) !== shownVersion) await showDetail(id, { known: entry });
  }

  const query = (after: string | null, limit = PAGE) => {
    const params = filters.params();
    params.set("limit", String(limit));
    if (after) params.set("cursor", after);
    return `/log?${params}`;
  };

  const row = (item: LogItem) =>
    logRow(item, () => (open?.id === item.id && open.at === "row" ? closeDetail(item.id) : void showDetail(item.id, { opened: true })));

  const emptyRow = () => {
    const filtered = [...filters.params().keys()].length > 0;
    const text = filtered ? "No deliveries match these filters." : "No deliveries yet: each event sent to a webhook shows here, with what came back.";
    return messageRow(text);
  };

  async function load() {
    try {
      const [{ items, next_cursor }, { items: perHour }, banner] = await Promise.all([
        api<{ items: LogItem[]; next_cursor: string | null }>("GET", query(null, Math.min(Math.max(shown, PAGE), MAX_REFRESHED))),
        api<{ items: HourBucket[] }>("GET", "/stats/hourly"),
        featureOffBanner(),
      ]);
      replace(bannerBox, banner);
      hours = perHour;
      drawChart();
      keepingFocus(table, () => {
        replace(table, ...(items.length ? items.map(row) : [emptyRow()]));
        placeDetail();
      });
      cursor = next_cursor;
      shown = items.length;
      loaded = true;
      more.hidden = cursor === null;
      message.textContent = "";
    } catch (err) {
      if (!(err instanceof ApiFailure)) throw err;
      message.textContent = err.message;
      if (!loaded) replace(table, messageRow("The log could not be loaded: see above."));
    }
  }

  more.addEventListener("click", async () => {
    const page = await api<{ items: LogItem[]; next_cursor: string | null }>("GET", query(cursor));
    table.append(...page.items.map(row));
    cursor = page.next_cursor;
    shown += page.items.length;
    more.hidden = cursor === null;
    placeDetail();
    if (shown > MAX_REFRESHED) message.textContent = "Automatic refresh paused while this many entries are shown: change a filter to refresh.";
  });
  function reload() {
    shown = 0;
    noteRoute(here());
    return load();
  }

  replace(
    content,
    h("h1", {}, "Event log"),
    bannerBox,
    chartBox,
    filters.form,
    message,
    panel,
    h("table", { class: "list log" }, h("thead", {}, h("tr", {}, ...COLUMNS.map((t) => h("th", { scope: "col" }, t)))), table),
    more,
  );
  focusHeading(content);
  // the first page waits for the filters' choices: a webhook in the address is one of them
  void filters.choices.then(load).then(() => {
    if (route.view === "log" && route.delivery !== undefined) void showDetail(route.delivery, { opened: true });
  });
  if (route.view === "event") void showEvent(route.uuid, () => null);
  const timer = setInterval(() => {
    if (shown <= MAX_REFRESHED) void load();
    void refreshDetail();
  }, REFRESH_MS);
  window.addEventListener("resize", drawChart);
  return () => {
    clearInterval(timer);
    window.removeEventListener("resize", drawChart);
  };
}
