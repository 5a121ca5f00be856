import { api, ApiFailure } from "../api.ts";
import { go, routeHref, takeMessage, type Route } from "../routes.ts";
import { focusHeading, formatTime, h, replace, statusBadge } from "../dom.ts";
import { pausedBadge } from "./delivery-status.ts";
import { featureOffBanner } from "./feature-banner.ts";
import type { Webhook, WebhookStats } from "../types.ts";
import { renderWebhookForm } from "./webhook-form.ts";

/** The column's title, "24 h" kept on one line. */
const SUCCESS_24H = "Success (24\u00a0h)";

/** The log filtered to one webhook: where its figures come from. */
const logOf = (w: Webhook) => routeHref({ view: "log", filters: { webhook: String(w.id) } });

/** The share that succeeded, of how many; retries count as failed so far (0 % for an endpoint that is down). */
function successRate(w: Webhook, stats: WebhookStats | undefined): Node | string {
  if (!stats || stats.success_rate_24h === null) return "–";
  const counted = stats.succeeded_24h + stats.failed_24h + stats.retrying_24h;
  return h(
    "a",
    { href: logOf(w), class: "rate", title: `${stats.succeeded_24h} succeeded, ${stats.failed_24h} failed, ${stats.retrying_24h} retrying`, "aria-label": `Success in 24 hours: ${Math.round(stats.success_rate_24h * 100)} % of ${counted}, in the log` },
    `${Math.round(stats.success_rate_24h * 100)} % (${counted})`,
  );
}

/** The latest outcome and when, linking to the webhook's deliveries in the log; unfinished while the webhook is off, it is paused. */
function lastDelivery(w: Webhook, stats: WebhookStats | undefined): Node {
  if (!stats?.last_status) return statusBadge(null);
  const paused = !w.enabled && (stats.last_status === "pending" || stats.last_status === "retrying");
  const badge = paused ? pausedBadge() : statusBadge(stats.last_status);
  const when = stats.last_at ? ` ${formatTime(stats.last_at)}` : "";
  return h("a", { href: logOf(w), class: "last-delivery", "aria-label": `Last delivery ${badge.textContent}${when}, in the log` }, badge, when ? h("span", { class: "hint" }, when) : null);
}

const toList = (message?: string) => go({ view: "webhooks" }, message);

/** The form for one webhook (or a new one) as the address names it; one gone is the list saying so. */
async function showForm(content: HTMLElement, id: number | "new"): Promise<void> {
  if (id === "new") return renderWebhookForm(content, null, toList);
  try {
    await renderWebhookForm(content, await api<Webhook>("GET", `/webhooks/${id}`), toList);
  } catch (err) {
    if (!(err instanceof ApiFailure) || err.status !== 404) throw err;
    toList(`There is no webhook ${id} (any more).`);
  }
}

/** The Webhooks tab: every webhook with its latest outcome; the form to create or edit one. */
export function renderWebhooksTab(content: HTMLElement, route: Route): void {
  if (route.view === "webhooks" && route.webhook !== undefined) {
    replace(content, h("h1", {}, "Webhooks"), h("p", {}, "Loading…"));
    void showForm(content, route.webhook);
    return;
  }
  /** `toggled`: the webhook just switched on or off, whose switch keeps the focus. */
  const showList = async (message = "", toggled?: number) => {
    const [{ items }, { items: stats }, banner] = await Promise.all([
      api<{ items: Webhook[] }>("GET", "/webhooks"),
      api<{ items: WebhookStats[] }>("GET", "/stats/webhooks"),
      featureOffBanner(),
    ]);
    const statsById = new Map(stats.map((s) => [s.webhook_id, s]));
    const rows = items.map((w) => {
      const s = statsById.get(w.id);
      const toggle = h("input", {
        type: "checkbox",
        checked: w.enabled,
        "aria-label": `Enabled: ${w.name}`,
        "data-toggle-for": String(w.id),
        on: {
          change: async () => {
            await api("PATCH", `/webhooks/${w.id}`, { enabled: toggle.checked });
            await showList(`${w.name} ${toggle.checked ? "enabled" : "disabled"}.`, w.id);
          },
        },
      });
      return h(
        "tr",
        {},
        h("td", { "data-label": "Name" }, h("a", { href: routeHref({ view: "webhooks", webhook: w.id }) }, w.name)),
        h("td", { "data-label": "Request", class: "mono" }, `${w.method} ${w.url}`),
        h("td", { "data-label": "Events" }, w.events.join(", ")),
        h("td", { "data-label": "Enabled" }, h("label", { class: "switch" }, toggle, w.enabled ? " on" : " off"), w.disabled_reason ? h("p", { class: "hint" }, w.disabled_reason) : null),
        h("td", { "data-label": "Last delivery" }, lastDelivery(w, s)),
        h("td", { "data-label": SUCCESS_24H }, successRate(w, s)),
      );
    });
    replace(
      content,
      h("div", { class: "toolbar" }, h("h1", {}, "Webhooks"), h("a", { class: "button primary", href: routeHref({ view: "webhooks", webhook: "new" }) }, "New webhook")),
      banner,
      message ? h("p", { role: "status", class: "status" }, message) : null,
      items.length === 0
        ? h("p", { class: "card" }, "No webhook yet. Create one to send the box's events to your CRM, PMS or monitoring.")
        : h(
            "table",
            { class: "list webhooks" },
            h("thead", {}, h("tr", {}, ...["Name", "Request", "Events", "Enabled", "Last delivery", SUCCESS_24H].map((t) => h("th", { scope: "col" }, t)))),
            h("tbody", {}, ...rows),
          ),
    );
    const toggle = toggled === undefined ? null : content.querySelector<HTMLElement>(`[data-toggle-for="${toggled}"]`);
    if (toggle) toggle.focus();
    else focusHeading(content);
  };
  replace(content, h("h1", {}, "Webhooks"), h("p", {}, "Loading…"));
  void showList(takeMessage());
}
