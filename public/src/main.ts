import { ApiFailure, handleUnauthorized, session, tokenIsValid } from "./api.ts";
import { h, replace } from "./dom.ts";
import { leaving, mayLeave } from "./leave-guard.ts";
import { addressChanged, addressShown, parseRoute, restoreAddress, tabOf, type Route, type Tab } from "./routes.ts";
import { renderLogTab } from "./views/log.ts";
import { renderSettingsTab } from "./views/settings.ts";
import { unencryptedBanner } from "./views/unencrypted-banner.ts";
import { renderWebhooksTab } from "./views/webhooks.ts";

const TABS: { id: Tab; label: string; render: (content: HTMLElement, route: Route) => (() => void) | void }[] = [
  { id: "webhooks", label: "Webhooks", render: renderWebhooksTab },
  { id: "log", label: "Event log", render: renderLogTab },
  { id: "settings", label: "General settings", render: renderSettingsTab },
];

const root = document.getElementById("app")!;
/** Stops what the open tab runs in the background (the log's auto-refresh). */
let leaveTab: () => void = () => {};

function showSignIn(message = ""): void {
  leaveTab();
  const input = h("input", { type: "password", name: "token", autocomplete: "current-password", required: true });
  const status = h("p", { class: "error", role: "alert" }, message);
  const form = h(
    "form",
    {
      class: "card signin",
      on: {
        submit: async (e) => {
          e.preventDefault();
          const token = input.value.trim();
          try {
            if (!(await tokenIsValid(token))) {
              status.textContent = "That admin token is not valid.";
              return;
            }
            session.signIn(token);
            showApp();
          } catch (err) {
            status.textContent = err instanceof ApiFailure ? err.message : "The service cannot be reached. Is it running?";
          }
        },
      },
    },
    h("h1", {}, "IACBOX Webhooks"),
    unencryptedBanner(),
    h("p", {}, "Sign in with the admin token. It is in the file admin-token beside the database (the service logs its path at start)."),
    h("label", { for: "token" }, "Admin token"),
    input,
    status,
    h("button", { type: "submit", class: "primary" }, "Sign in"),
  );
  input.id = "token";
  replace(root, h("main", {}, form));
  input.focus();
}

/** Leaves the view for another after asking the form it shows, if any; `false`: the admin stayed. */
async function leaveView(): Promise<boolean> {
  if (!(await mayLeave())) return false;
  leaving();
  return true;
}

function showApp(): void {
  leaveTab();
  addressShown();
  const route = parseRoute(location.hash);
  const tab = TABS.find((t) => t.id === tabOf(route)) ?? TABS[0]!;
  const nav = h(
    "nav",
    { "aria-label": "Sections" },
    ...TABS.map((t) =>
      h(
        "a",
        {
          href: `#/${t.id}`,
          class: t === tab ? "tab active" : "tab",
          "aria-current": t === tab ? "page" : undefined,
          // the address already this (the tab's first view open): no address change to follow, so show it anew here
          on: {
            click: async (e) => {
              if (location.hash !== `#/${t.id}`) return;
              e.preventDefault();
              if (await leaveView()) showApp();
            },
          },
        },
        t.label,
      ),
    ),
  );
  const signOut = h(
    "button",
    {
      type: "button",
      class: "link",
      on: {
        click: async () => {
          if (!(await leaveView())) return;
          session.signOut();
          showSignIn("Signed out.");
        },
      },
    },
    "Sign out",
  );
  // the API reference is a page of its own: leaving for it asks as a tab switch does
  const reference = h(
    "a",
    {
      href: "api.html",
      class: "link",
      on: {
        click: async (e) => {
          e.preventDefault();
          if (await leaveView()) location.assign("api.html");
        },
      },
    },
    "API reference",
  );
  const content = h("div", { id: "content" });
  replace(root, h("header", {}, h("span", { class: "brand" }, "IACBOX Webhooks"), nav, reference, signOut), h("main", {}, unencryptedBanner(), content));
  leaveTab = tab.render(content, route) ?? (() => {});
}

handleUnauthorized((message) => showSignIn(message));
// A failed call that no view handled: a 401 has already led to sign-in; anything else is shown.
window.addEventListener("unhandledrejection", (e) => {
  if (!(e.reason instanceof ApiFailure)) return;
  e.preventDefault();
  if (e.reason.status !== 401) showNotice(e.reason.message);
});

function showNotice(message: string): void {
  const content = document.getElementById("content");
  content?.prepend(h("p", { class: "status error", role: "alert" }, message));
}
window.addEventListener("hashchange", async () => {
  // a change the view noted itself (details opened, a filter set) is shown already
  if (!session.token() || !addressChanged()) return;
  // a link, Back or Forward while a form has edits: asked; kept, the address goes back
  if (await leaveView()) showApp();
  else restoreAddress();
});
if (session.token()) showApp();
else showSignIn();
