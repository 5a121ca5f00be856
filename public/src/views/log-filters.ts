import { api } from "../api.ts";
import { h } from "../dom.ts";
import type { LogFilters } from "../routes.ts";
import type { EventType, LogWebhookChoice } from "../types.ts";
import { webhookLabel } from "./event-view.ts";

const STATUSES = ["pending", "retrying", "succeeded", "failed"];
/** Typing pauses this long before the search runs: one request per word typed, not per key. */
export const SEARCH_DELAY_MS = 400;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function option(value: string, label: string) {
  return h("option", { value }, label);
}

/** What the search box holds: an event to open, a ticket to filter by, or nothing. */
export type Search = { kind: "event"; uuid: string } | { kind: "ticket"; ticket: string } | { kind: "none" };

export function searchOf(text: string): Search {
  const value = text.trim();
  if (value === "") return { kind: "none" };
  return UUID.test(value) ? { kind: "event", uuid: value.toLowerCase() } : { kind: "ticket", ticket: value };
}

/**
 * The log's filters: webhook (deleted ones with entries too), event type, status, a time
 * range, and one search box for an event uuid or a ticket id. `onChange` runs at once for a
 * choice, and for the search once typing pauses; `searching` says it is under way.
 */
export function logFilters(addressed: LogFilters, searchText: string, on: { change: () => void; search: (search: Search) => void }) {
  const controls = {
    search: h("input", { type: "search", placeholder: "uuid or ticket id", autocomplete: "off", spellcheck: false }),
    webhook: h("select", {}, option("", "All webhooks")),
    event: h(
      "select",
      {},
      option("", "All events"),
      option("ticket.*", "All ticket events"),
      option("system.*", "All system events"),
      option("system.backup.*", "All backup events"),
      option("custom.*", "All custom events"),
    ),
    status: h("select", {}, option("", "Any status"), ...STATUSES.map((s) => option(s, s))),
    since: h("input", { type: "datetime-local" }),
    until: h("input", { type: "datetime-local" }),
  };
  const labels: Record<keyof typeof controls, string> = {
    search: "Event uuid or ticket id",
    webhook: "Webhook",
    event: "Event type",
    status: "Status",
    since: "From",
    until: "Until",
  };
  for (const key of ["webhook", "event", "status", "since", "until"] as const) controls[key].value = addressed[key] ?? "";
  controls.search.value = searchText;
  const state = h("p", { class: "hint search-state", role: "status", id: "filter-search-state" });
  controls.search.setAttribute("aria-describedby", state.id);

  let pending: ReturnType<typeof setTimeout> | undefined;
  const runSearch = () => {
    clearTimeout(pending);
    pending = undefined;
    on.search(searchOf(controls.search.value));
  };
  controls.search.addEventListener("input", () => {
    clearTimeout(pending);
    state.textContent = "Searching…";
    pending = setTimeout(runSearch, SEARCH_DELAY_MS);
  });
  for (const key of ["webhook", "event", "status", "since", "until"] as const) controls[key].addEventListener("change", on.change);

  const choices = Promise.all([api<{ items: LogWebhookChoice[] }>("GET", "/log/webhooks"), api<{ items: EventType[] }>("GET", "/event-types")]).then(([webhooks, types]) => {
    controls.webhook.append(...webhooks.items.map((w) => option(String(w.id), webhookLabel({ webhook_name: w.name, webhook_deleted: w.deleted }))));
    controls.event.append(...types.items.map((t) => option(t.type, t.type)));
    // the options arrive after the address set the values: set them again now that they exist
    controls.webhook.value = addressed.webhook ?? "";
    controls.event.value = addressed.event ?? "";
  });

  const form = h(
    "form",
    // Enter searches at once
    { class: "filters card", role: "search", on: { submit: (e) => (e.preventDefault(), runSearch()) } },
    ...(Object.keys(controls) as (keyof typeof controls)[]).map((key) => {
      controls[key].id = `filter-${key}`;
      return h("div", { class: `field field-${key}` }, h("label", { for: `filter-${key}` }, labels[key]), controls[key], key === "search" ? state : null);
    }),
  );

  return {
    form,
    choices,
    /** The filters as the address carries them; the search box is a ticket filter unless it names an event. */
    values(): LogFilters {
      const search = searchOf(controls.search.value);
      return {
        webhook: controls.webhook.value,
        event: controls.event.value,
        status: controls.status.value,
        ticket: search.kind === "ticket" ? search.ticket : "",
        since: controls.since.value,
        until: controls.until.value,
      };
    },
    /** The API's query for the filters. */
    params(): URLSearchParams {
      const values = this.values();
      const params = new URLSearchParams();
      const names = { webhook: "webhook_id", event: "event_type", status: "status", ticket: "ticket_id", since: "since", until: "until" } as const;
      for (const [key, name] of Object.entries(names)) {
        const value = values[key as keyof typeof names];
        if (value) params.set(name, key === "since" || key === "until" ? new Date(value).toISOString() : value);
      }
      return params;
    },
    /** The search is done (or failed: `note` says why). */
    searched(note = "") {
      if (pending === undefined) state.textContent = note;
    },
  };
}
