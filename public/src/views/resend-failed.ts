import { api, ApiFailure } from "../api.ts";
import { askToConfirm } from "../dialog.ts";
import { errorFor, formatTime, h, localInputTime, showIssues } from "../dom.ts";
import type { Recovery, Webhook } from "../types.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

const deliveries = (n: number) => (n === 1 ? "1 failed delivery" : `${n} failed deliveries`);

/** How far a recovery got, in words. */
function progress(r: Recovery): string {
  if (r.matched === 0) return `No delivery failed since ${formatTime(r.since)}: nothing to send again.`;
  if (r.finished_at !== null) return `${deliveries(r.matched)} queued again. They are sent in order per ticket; the list below follows.`;
  return `Queuing again: ${r.requeued} of ${deliveries(r.matched)}…`;
}

/**
 * "Resend failed since …": after an outage, every delivery of the webhook that finally failed
 * since a time is sent again (POST /api/webhooks/:id/recover). The API says how many only
 * once asked, so the question names the time; the progress follows with `poll`, which the
 * recent deliveries call on each of their refreshes.
 */
export function resendFailed(webhook: Webhook, queued: () => void): { element: HTMLElement; poll: () => Promise<void> } {
  const since = h("input", { type: "datetime-local", value: localInputTime(new Date(Date.now() - DAY_MS)) });
  since.id = "resend-since";
  const error = errorFor("since", since);
  const status = h("p", { role: "status", class: "status" });
  /** The recovery under way, until it is finished. */
  let running: number | null = null;

  const show = (r: Recovery) => {
    status.textContent = progress(r);
    running = r.finished_at === null ? r.id : null;
  };

  const resend = async () => {
    showIssues(element, []);
    const from = new Date(since.value);
    if (Number.isNaN(from.getTime())) return void showIssues(element, [{ path: "since", message: "must be a date and time" }]);
    const question = `Send again every delivery to “${webhook.name}” that failed since ${formatTime(from.toISOString())}? Each gets a fresh set of attempts.`;
    if (!(await askToConfirm(question, { confirm: "Resend failed" }))) return;
    try {
      show(await api<Recovery>("POST", `/webhooks/${webhook.id}/recover`, { since: from.toISOString() }));
      queued();
    } catch (err) {
      if (!(err instanceof ApiFailure)) throw err;
      if (err.status === 409) return void (status.textContent = "Not resent: the webhook is switched off. Switch it on first, then resend its failed deliveries.");
      const unplaced = showIssues(element, err.issues);
      status.textContent = unplaced.length > 0 || err.issues.length === 0 ? `Not resent: ${err.message}` : "";
    }
  };

  const poll = async () => {
    if (running === null) return;
    try {
      show(await api<Recovery>("GET", `/recoveries/${running}`));
    } catch (err) {
      // the next refresh asks again
      if (!(err instanceof ApiFailure)) throw err;
    }
  };

  const element = h(
    "div",
    { class: "resend-failed" },
    h(
      "div",
      { class: "resend-row" },
      h("div", { class: "field" }, h("label", { for: since.id }, "Resend failed since"), since, error),
      h("button", { type: "button", on: { click: () => void resend() } }, "Resend failed"),
    ),
    h("p", { class: "hint" }, "After an outage of the receiving server: each delivery that finally failed since then is sent again once, in order per ticket."),
    status,
  );
  return { element, poll };
}
