import { api, ApiFailure } from "../api.ts";
import { h, replace } from "../dom.ts";
import type { Webhook } from "../types.ts";

interface TestResult {
  ok: boolean;
  method: string;
  url: string;
  response_status: number | null;
  duration_ms: number;
  response_body: string | null;
  error: string | null;
}

interface AuthTest {
  ok: boolean;
  message: string;
  token_length?: number;
  expires_at?: string;
  error?: string;
}

/** Buttons that act on a saved webhook: send a test event, test authentication, signing secret. */
export function securityActions(webhook: Webhook): HTMLElement {
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

  const sendTest = run(async () => {
    const r = await api<TestResult>("POST", `/webhooks/${webhook.id}/test`);
    show(
      r.ok,
      h("p", {}, `${r.method} ${r.url}`),
      h("p", {}, r.response_status === null ? `No answer: ${r.error}` : `HTTP ${r.response_status} in ${r.duration_ms} ms`),
      r.response_body ? h("pre", { class: "preview" }, r.response_body) : null,
    );
  });
  const testAuth = run(async () => {
    const r = await api<AuthTest>("POST", `/webhooks/${webhook.id}/auth/test`);
    show(r.ok, h("p", {}, r.ok ? r.message : `${r.message}: ${r.error}`), r.token_length ? h("p", {}, `Token of ${r.token_length} characters, valid until ${new Date(r.expires_at!).toLocaleString()}`) : null);
  });
  const rotate = run(async () => {
    const { signing_secret } = await api<{ signing_secret: string }>("POST", `/webhooks/${webhook.id}/signing-secret`);
    show(true, h("p", {}, "New signing secret. Copy it now: it is not shown again. The previous one keeps working for 24 hours."), h("pre", { class: "preview secret" }, signing_secret));
  });
  const unsign = run(async () => {
    await api("DELETE", `/webhooks/${webhook.id}/signing-secret`);
    show(true, h("p", {}, "Requests are no longer signed."));
  });

  return h(
    "section",
    { class: "card", "aria-label": "Test and sign" },
    h("h2", {}, "Test and sign"),
    h(
      "div",
      { class: "actions" },
      h("button", { type: "button", on: { click: sendTest } }, "Send test event"),
      webhook.auth.type !== "none" ? h("button", { type: "button", on: { click: testAuth } }, "Test authentication") : null,
      h("button", { type: "button", on: { click: rotate } }, webhook.signing_enabled ? "Rotate signing secret" : "Sign requests"),
      webhook.signing_enabled ? h("button", { type: "button", on: { click: unsign } }, "Stop signing") : null,
    ),
    out,
  );
}
