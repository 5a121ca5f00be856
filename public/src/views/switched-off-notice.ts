import { api, ApiFailure } from "../api.ts";
import { h, replace } from "../dom.ts";
import type { Webhook } from "../types.ts";

/**
 * Why the service switched a webhook off (410 Gone, failing for too long, secrets that no
 * longer open), with a button to switch it back on; nothing for a webhook that is on or that
 * an admin switched off. `switchedOn` tells the form, whose Enabled box must follow.
 */
export function switchedOffNotice(webhook: Webhook, switchedOn: () => void): HTMLElement | null {
  if (webhook.enabled || webhook.disabled_reason === null) return null;
  const problem = h("p", { class: "error", role: "alert" });
  const button = h(
    "button",
    {
      type: "button",
      class: "primary",
      on: {
        click: async () => {
          button.disabled = true;
          try {
            await api<Webhook>("PATCH", `/webhooks/${webhook.id}`, { enabled: true });
          } catch (err) {
            if (!(err instanceof ApiFailure)) throw err;
            // e.g. a password that no longer opens must be entered again first: the API says which
            problem.textContent = `Not switched on: ${err.message}`;
            button.disabled = false;
            return;
          }
          const done = h("p", { tabIndex: -1 }, "Switched back on. Deliveries that waited while it was off go out now, in order; the recent deliveries below follow.");
          replace(notice, done);
          notice.className = "card notice notice-ok";
          switchedOn();
          // the button is gone: the focus goes to what happened
          done.focus();
        },
      },
    },
    "Switch back on",
  );
  const notice = h(
    "section",
    { class: "card notice notice-off", "aria-labelledby": "switched-off-heading" },
    h("h2", { id: "switched-off-heading" }, "Switched off by the service"),
    h("p", {}, `Why: ${webhook.disabled_reason}. Its deliveries are paused until it is switched on again.`),
    h("div", { class: "actions" }, button),
    problem,
  );
  return notice;
}
