/**
 * The page's address says where the admin is (`#/webhooks/7`, `#/log?webhook=7`, `#/log/42`,
 * `#/events/<uuid>`): a reload, Back and a link someone shared all land on the same view.
 */

/** The log's filters as the address carries them (short names; the log maps them to the API's). */
export const LOG_FILTERS = ["webhook", "event", "status", "ticket", "since", "until"] as const;
export type LogFilters = Partial<Record<(typeof LOG_FILTERS)[number], string>>;

export type Route =
  | { view: "webhooks"; webhook?: number | "new" }
  | { view: "log"; filters: LogFilters; delivery?: number }
  | { view: "event"; uuid: string; filters: LogFilters }
  | { view: "settings" };

export type Tab = "webhooks" | "log" | "settings";

/** The tab a view belongs to: an event's view is part of the log. */
export function tabOf(route: Route): Tab {
  return route.view === "event" ? "log" : route.view;
}

const positive = (text: string | undefined) => (text !== undefined && /^[1-9]\d{0,15}$/.test(text) ? Number(text) : undefined);

function filtersFrom(query: string): LogFilters {
  const params = new URLSearchParams(query);
  const filters: LogFilters = {};
  for (const key of LOG_FILTERS) {
    const value = params.get(key);
    if (value) filters[key] = value;
  }
  return filters;
}

/** Reads an address; anything it does not know is the webhook list. The old `#log` form still works. */
export function parseRoute(hash: string): Route {
  const [path = "", query = ""] = hash.replace(/^#\/?/, "").split("?", 2);
  const [view, id] = path.split("/");
  switch (view) {
    case "log":
      return { view: "log", filters: filtersFrom(query), delivery: positive(id) };
    case "events":
      return id ? { view: "event", uuid: decodeURIComponent(id), filters: filtersFrom(query) } : { view: "log", filters: {} };
    case "settings":
      return { view: "settings" };
    case "webhooks":
      return { view: "webhooks", webhook: id === "new" ? "new" : positive(id) };
    default:
      return { view: "webhooks" };
  }
}

function withFilters(path: string, filters: LogFilters): string {
  const params = new URLSearchParams();
  for (const key of LOG_FILTERS) if (filters[key]) params.set(key, filters[key]);
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

/** The address of a view, for links (`href`) and for the history. */
export function routeHref(route: Route): string {
  switch (route.view) {
    case "webhooks":
      return route.webhook === undefined ? "#/webhooks" : `#/webhooks/${route.webhook}`;
    case "log":
      return withFilters(route.delivery === undefined ? "#/log" : `#/log/${route.delivery}`, route.filters);
    case "event":
      return withFilters(`#/events/${encodeURIComponent(route.uuid)}`, route.filters);
    case "settings":
      return "#/settings";
  }
}

/** The address the page shows now: an address change to anything else is a navigation. */
let shown = "";

/** Whether the address changed since the page last showed or noted it (a navigation to follow). */
export function addressChanged(): boolean {
  return location.hash !== shown;
}

/** The page now shows what the address says. */
export function addressShown(): void {
  shown = location.hash;
}

/**
 * Records a change within the view (a filter set, details opened) without showing the view anew:
 * `push` makes it a step Back undoes, otherwise it replaces the current entry.
 */
export function noteRoute(route: Route, how: "push" | "replace" = "replace"): void {
  const href = routeHref(route);
  if (href === location.hash) return;
  if (how === "push") history.pushState(null, "", href);
  else history.replaceState(null, "", href);
  shown = href;
}

/** Puts the address back to what the page shows (a navigation the admin cancelled). */
export function restoreAddress(): void {
  history.replaceState(null, "", shown || "#/webhooks");
}

let message = "";

/** Goes to a view, with a message for it to show once ("Saved CRM."). */
export function go(route: Route, note = ""): void {
  message = note;
  const href = routeHref(route);
  if (href !== location.hash) {
    location.hash = href;
    return;
  }
  // the same address fires no hashchange of its own: the view is shown anew all the same
  shown = "";
  window.dispatchEvent(new HashChangeEvent("hashchange"));
}

/** The message the last `go` left for the view it opened. */
export function takeMessage(): string {
  const taken = message;
  message = "";
  return taken;
}
