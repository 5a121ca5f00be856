import type { Scope } from "../../../src/security/scopes.ts";
import { api, ApiFailure } from "../api.ts";
import { askToConfirm } from "../dialog.ts";
import { field, formatTime, h, replace, showIssues } from "../dom.ts";
import type { ApiToken } from "../types.ts";

/** Every scope (the compiler holds this to the service's list), so the page bundles no server module. */
const SCOPE_HINTS = {
  "events:write": "queue events (POST /api/events), nothing else: for the box's scripts",
  read: "read webhooks, settings and the event log, change nothing",
  admin: "everything, as the admin token",
} satisfies Record<Scope, string>;

const SCOPES = Object.keys(SCOPE_HINTS) as Scope[];

/** General settings' section of API tokens: create one (shown once), see when each was last used, revoke. */
export function apiTokensSection(): HTMLElement {
  const list = h("div", {}, h("p", {}, "Loading…"));
  const created = h("div", { "aria-live": "polite" });
  const name = h("input", { type: "text", maxLength: 200, autocomplete: "off" });
  const boxes = new Map(SCOPES.map((scope) => [scope, h("input", { type: "checkbox", value: scope, checked: scope === "events:write" })]));
  const status = h("p", { role: "status", class: "status" });

  async function refresh() {
    const { items } = await api<{ items: ApiToken[] }>("GET", "/tokens");
    replace(list, items.length === 0 ? h("p", { class: "hint" }, "No API tokens yet.") : tokenTable(items, revoke));
  }

  async function revoke(token: ApiToken) {
    const yes = await askToConfirm(`Revoke the token "${token.name}"? Scripts that use it are refused from now on.`, { confirm: "Revoke", danger: true });
    if (!yes) return;
    await api("DELETE", `/tokens/${token.id}`);
    status.textContent = `Revoked "${token.name}".`;
    await refresh();
  }

  const form = h(
    "form",
    {
      on: {
        submit: async (e) => {
          e.preventDefault();
          const scopes = SCOPES.filter((s) => boxes.get(s)!.checked);
          try {
            const token = await api<ApiToken & { token: string }>("POST", "/tokens", { name: name.value, scopes });
            showIssues(form, []);
            status.textContent = "";
            name.value = "";
            replace(created, shownOnce(token));
            await refresh();
          } catch (err) {
            if (!(err instanceof ApiFailure)) throw err;
            showIssues(form, err.issues);
            status.textContent = `Not created: ${err.message}`;
          }
        },
      },
    },
    field("Token name", name, { path: "name", hint: "Say which script or system uses it, e.g. \"PMS check-in script\"." }),
    h(
      "fieldset",
      { class: "scopes" },
      h("legend", {}, "Scopes"),
      ...SCOPES.map((scope) => h("label", { class: "check" }, boxes.get(scope)!, " ", h("code", {}, scope), ` – ${SCOPE_HINTS[scope]}`)),
      h("p", { class: "error", "data-error-for": "scopes" }),
    ),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Create token")),
  );

  void refresh();
  return h(
    "section",
    { class: "card", "aria-labelledby": "api-tokens-heading" },
    h("h2", { id: "api-tokens-heading" }, "API tokens"),
    h("p", { class: "hint" }, "Give each script a token of its own with only the scopes it needs, instead of the admin token. The emit command needs none."),
    form,
    created,
    status,
    list,
  );
}

/** The new token, with a copy button: after this it cannot be shown again. */
function shownOnce(token: { name: string; token: string }): HTMLElement {
  const value = h("input", { type: "text", readOnly: true, value: token.token, class: "mono", "aria-label": `The token "${token.name}"` });
  const copied = h("span", { role: "status", class: "hint" });
  const copy = h(
    "button",
    {
      type: "button",
      on: {
        click: async () => {
          value.select();
          try {
            await navigator.clipboard.writeText(token.token);
            copied.textContent = "Copied.";
          } catch {
            // the clipboard needs HTTPS or localhost: the text is selected for Ctrl+C instead
            copied.textContent = "Selected: press Ctrl+C to copy.";
          }
        },
      },
    },
    "Copy",
  );
  return h(
    "div",
    { class: "created-token" },
    h("p", {}, h("strong", {}, `Token "${token.name}" created.`), " Copy it now: it is shown only this once."),
    h("div", { class: "copy-row" }, value, copy, copied),
  );
}

function tokenTable(tokens: ApiToken[], revoke: (token: ApiToken) => Promise<void>): HTMLElement {
  return h(
    "table",
    { class: "list" },
    h("thead", {}, h("tr", {}, h("th", {}, "Name"), h("th", {}, "Scopes"), h("th", {}, "Created"), h("th", {}, "Last used"), h("th", {}, "Actions"))),
    h(
      "tbody",
      {},
      ...tokens.map((token) =>
        h(
          "tr",
          {},
          h("td", { "data-label": "Name" }, token.name),
          h("td", { "data-label": "Scopes" }, ...token.scopes.flatMap((s, i) => [i > 0 ? " " : null, h("code", {}, s)])),
          h("td", { "data-label": "Created" }, formatTime(token.created_at)),
          h("td", { "data-label": "Last used" }, token.last_used_at ? formatTime(token.last_used_at) : "never"),
          h("td", {}, h("button", { type: "button", class: "danger", "aria-label": `Revoke ${token.name}`, on: { click: () => void revoke(token) } }, "Revoke")),
        ),
      ),
    ),
  );
}
