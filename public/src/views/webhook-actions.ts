import { api, ApiFailure } from "../api.ts";
import { askToConfirm } from "../dialog.ts";
import { h, replace } from "../dom.ts";
import type { TestDeliveryResult, Webhook } from "../types.ts";

interface AuthTest {
  ok: boolean;
  message: string;
  token_length?: number;
  expires_at?: string;
  error?: string;
}

/** A new signing secret, shown once, with a way to copy it; it stays until the next signing action. */
function secretNotice(secret: string, replacedOne: boolean): HTMLElement[] {
  const value = h("pre", { class: "preview secret" }, secret);
  const copied = h("span", { role: "status", class: "hint" });
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      copied.textContent = " Copied.";
    } catch {
      // no clipboard outside https or localhost: select it for Ctrl+C
      getSelection()?.selectAllChildren(value);
      copied.textContent = " Selected: press Ctrl+C to copy.";
    }
  };
  return [
    h(
      "p",
      {},
      replacedOne
        ? "New signing secret. Copy it now: it is not shown again. The previous one keeps working for 24 hours."
        : "Requests are now signed with this secret. Copy it now: it is not shown again.",
    ),
    value,
    h("p", {}, h("button", { type: "button", on: { click: () => void copy() } }, "Copy secret"), copied),
  ];
}

/**
 * Buttons that act on the saved webhook: send a test event, test its authentication,
 * sign its requests. They follow what they change (signing on or off), and wait for
 * Save while the form differs from what is saved (`unsaved`).
 */
export function securityActions(saved: Webhook): { element: HTMLElement; unsaved(differs: boolean): void } {
  let webhook = saved;
  let unsaved = false;
  const buttons = h("div", { class: "actions" });
  const note = h("p", { class: "hint" });
  const secret = h("div", { class: "result", role: "status" });
  const out = h("div", { class: "result", role: "status", "aria-live": "polite" });
  const show = (ok: boolean, ...lines: (string | Node | null)[]) =>
    replace(out, h("p", { class: ok ? "badge badge-succeeded" : "badge badge-failed" }, ok ? "Success" : "Failed"), ...lines);
  const run = (action: () => Promise<void>) => async () => {
    replace(out, "Working…");
    try {
      await action();
    } catch (err) {
      if (!(err instanceof ApiFailure)) throw err;
      show(false, h("p", {}, err.message));
    }
  };
  const reload = async () => {
    webhook = await api<Webhook>("GET", `/webhooks/${webhook.id}`);
    render();
  };

  const sendTest = run(async () => {
    const r = await api<TestDeliveryResult>("POST", `/webhooks/${webhook.id}/test`);
    show(
      r.ok,
      h("p", { class: "mono" }, `${r.method} ${r.url}`),
      h("p", {}, r.response_status === null ? `Not delivered: ${r.error}` : `HTTP ${r.response_status} in ${r.duration_ms} ms`),
      r.response_body ? h("pre", { class: "preview" }, r.response_body) : null,
      h("p", { class: "hint" }, "It is in the event log, marked as a test."),
    );
  });
  const testAuth = run(async () => {
    const r = await api<AuthTest>("POST", `/webhooks/${webhook.id}/auth/test`);
    show(r.ok, h("p", {}, r.ok ? r.message : `${r.message}: ${r.error}`), r.token_length ? h("p", {}, `Token of ${r.token_length} characters, valid until ${new Date(r.expires_at!).toLocaleString()}`) : null);
  });
  const sign = run(async () => {
    const replacedOne = webhook.signing_enabled;
    const { signing_secret } = await api<{ signing_secret: string }>("POST", `/webhooks/${webhook.id}/signing-secret`);
    replace(secret, ...secretNotice(signing_secret, replacedOne));
    replace(out);
    await reload();
    // the button pressed is gone with the redraw: on to what comes next, copying the secret
    secret.querySelector("button")?.focus();
  });
  const unsign = run(async () => {
    if (!(await askToConfirm("Stop signing requests? Receivers that check signatures will refuse them.", { confirm: "Stop signing", danger: true }))) return void replace(out);
    await api("DELETE", `/webhooks/${webhook.id}/signing-secret`);
    replace(secret);
    show(true, h("p", {}, "Requests are no longer signed."));
    await reload();
    [...buttons.querySelectorAll("button")].find((b) => b.textContent === "Sign requests")?.focus();
  });

  function render() {
    const button = (label: string, action: () => void, untestable = false) =>
      h("button", { type: "button", disabled: untestable && unsaved, on: { click: action } }, label);
    replace(
      buttons,
      button("Send test event", sendTest, true),
      webhook.auth.type !== "none" ? button("Test authentication", testAuth, true) : null,
      button(webhook.signing_enabled ? "Rotate signing secret" : "Sign requests", sign),
      webhook.signing_enabled ? button("Stop signing", unsign) : null,
    );
    note.textContent = unsaved ? "The form has unsaved changes: the tests use the saved webhook. Save first to test them." : "";
  }
  render();

  return {
    element: h("section", { class: "card", "aria-label": "Test and sign" }, h("h2", {}, "Test and sign"), buttons, note, secret, out),
    /** Whether the form now differs from the saved webhook. */
    unsaved(differs) {
      if (unsaved === differs) return;
      unsaved = differs;
      render();
    },
  };
}
