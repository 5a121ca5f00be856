import { api, ApiFailure } from "../api.ts";
import { field, focusHeading, h, replace, showIssues } from "../dom.ts";
import type { Settings } from "../types.ts";
import { apiTokensSection } from "./api-tokens.ts";
import { configTransferSection } from "./config-transfer.ts";

const NUMBERS: { key: Exclude<keyof Settings, "enabled">; label: string; hint: string }[] = [
  { key: "read_interval_seconds", label: "Read interval (seconds)", hint: "How often the queue is read for events other programs queued. New events are sent at once regardless." },
  { key: "log_retention_hours", label: "Keep the event log for (hours)", hint: "Older entries are removed. More than a week (168 h) is not recommended." },
  { key: "request_timeout_seconds", label: "Request timeout (seconds)", hint: "How long to wait for an endpoint to answer (1–25)." },
  { key: "max_attempts", label: "Attempts per delivery", hint: "Failed deliveries are retried after about 5 s, 30 s, 2 min, 10 min, 30 min, then hourly." },
  { key: "auto_disable_hours", label: "Disable a webhook after failing for (hours)", hint: "0 never disables." },
];

export function renderSettingsTab(content: HTMLElement): void {
  replace(content, h("h1", {}, "General settings"), h("p", {}, "Loading…"));
  focusHeading(content);
  void api<Settings>("GET", "/settings").then((settings) => {
    const enabled = h("input", { type: "checkbox", checked: settings.enabled });
    const inputs = new Map(NUMBERS.map((n) => [n.key, h("input", { type: "number", min: "0", step: "1", value: String(settings[n.key]) })]));
    const status = h("p", { role: "status", class: "status" });
    const form = h(
      "form",
      {
        class: "card",
        on: {
          submit: async (e) => {
            e.preventDefault();
            const body: Record<string, unknown> = { enabled: enabled.checked };
            for (const [key, input] of inputs) body[key] = input.value === "" ? null : Number(input.value);
            try {
              await api("PUT", "/settings", body);
              showIssues(form, []);
              status.textContent = "Saved. The new settings apply at once.";
            } catch (err) {
              if (!(err instanceof ApiFailure)) throw err;
              showIssues(form, err.issues);
              status.textContent = `Not saved: ${err.message}`;
            }
          },
        },
      },
      h(
        "div",
        { class: "field checkbox" },
        h("label", {}, enabled, " Webhooks enabled"),
        h("p", { class: "hint" }, "When off, events are still accepted and kept, but nothing is sent."),
        h("p", { class: "error", "data-error-for": "enabled" }),
      ),
      ...NUMBERS.map((n) => field(n.label, inputs.get(n.key)!, { path: n.key, hint: n.hint })),
      h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Save settings")),
      status,
    );
    replace(content, h("h1", {}, "General settings"), form, apiTokensSection(), configTransferSection());
    focusHeading(content);
  });
}
