import { ApiFailure, handleUnauthorized, session, tokenIsValid } from "./api.ts";
import { h, replace } from "./dom.ts";
import { leaving, mayLeave } from "./leave-guard.ts";
import { renderLogTab } from "./views/log.ts";
import { renderSettingsTab } from "./views/settings.ts";
import { unencryptedBanner } from "./views/unencrypted-banner.ts";
import { renderWebhooksTab } from "./views/webhooks.ts";

const TABS = [
  { id: "webhooks", label: "Webhooks", render: renderWebhooksTab },
  { id: "log", label: "Event log", render: renderLogTab },
  { id: "settings", label: "General settings", render: renderSettingsTab },
] as const;

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

function currentTab() {
  return TABS.find((t) => `#${t.id}` === location.hash) ?? TABS[0];
}

function showApp(): void {
  leaveTab();
  const tab = currentTab();
  const nav = h(
    "nav",
    { "aria-label": "Sections" },
    ...TABS.map((t) =>
      h(
        "a",
        {
          href: `#${t.id}`,
          class: t === tab ? "tab active" : "tab",
          "aria-current": t === tab ? "page" : undefined,
          // the tab already open (a webhook's form shown in it): the address does not change, so show the tab anew here
          on: {
            click: (e) => {
              if (!mayLeave()) {
                e.preventDefault();
                return;
              }
              leaving(); // asked once: the address change that follows must not ask again
              if (location.hash !== `#${t.id}`) return;
              e.preventDefault();
              showApp();
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
        click: () => {
          if (!mayLeave()) return;
          leaving();
          session.signOut();
          showSignIn("Signed out.");
        },
      },
    },
    "Sign out",
  );
  // the API reference is a page of its own: leaving for it asks as a tab switch does
  const reference = h("a", { href: "api.html", class: "link", on: { click: (e) => (mayLeave() ? leaving() : e.preventDefault()) } }, "API reference");
  const content = h("div", { id: "content" });
  replace(root, h("header", {}, h("span", { class: "brand" }, "IACBOX Webhooks"), nav, reference, signOut), h("main", {}, unencryptedBanner(), content));
  leaveTab = tab.render(content) ?? (() => {});
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
window.addEventListener("hashchange", (e) => {
  if (!session.token()) return;
  // Back or Forward while a form has edits: asked as a tab click is; kept, the address goes back
  if (!mayLeave()) {
    history.replaceState(null, "", new URL(e.oldURL).hash || "#webhooks");
    return;
  }
  showApp();
});
if (session.token()) showApp();
else showSignIn();
