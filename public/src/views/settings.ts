import { api, ApiFailure } from "../api.ts";
import { checkField, field, focusHeading, h, numberInput, replace } from "../dom.ts";
import { errorSummary } from "../error-summary.ts";
import { numberBounds, type Bounds } from "../number-bounds.ts";
import type { Settings } from "../types.ts";
import { apiTokensSection } from "./api-tokens.ts";
import { configTransferSection } from "./config-transfer.ts";

const NUMBERS: { key: Exclude<keyof Settings, "enabled">; label: string; hint: string }[] = [
  { key: "read_interval_seconds", label: "Read interval (seconds)", hint: "How often the queue is read for events other programs queued. New events are sent at once regardless." },
  { key: "log_retention_hours", label: "Keep the event log for (hours)", hint: "Older entries are removed. More than a week (168 h) is not recommended." },
  { key: "request_timeout_seconds", label: "Request timeout (seconds)", hint: "How long to wait for an endpoint to answer." },
  { key: "max_attempts", label: "Attempts per delivery", hint: "Failed deliveries are retried after about 5 s, 30 s, 2 min, 10 min, 30 min, then hourly." },
  { key: "auto_disable_hours", label: "Disable a webhook after failing for (hours)", hint: "0 never disables." },
];

/** The range the API takes, said after a field's hint: " From 1 to 25." */
function rangeOf(bounds: Bounds | undefined): string {
  return bounds?.minimum !== undefined && bounds.maximum !== undefined ? ` From ${bounds.minimum} to ${bounds.maximum}.` : "";
}

export function renderSettingsTab(content: HTMLElement): void {
  replace(content, h("h1", {}, "General settings"), h("p", {}, "Loading…"));
  focusHeading(content);
  void Promise.all([api<Settings>("GET", "/settings"), numberBounds("Settings")]).then(([settings, bounds]) => {
    const enabled = h("input", { type: "checkbox", checked: settings.enabled });
    const inputs = new Map(NUMBERS.map((n) => [n.key, numberInput(settings[n.key], bounds[n.key])]));
    const status = h("p", { role: "status", class: "status" });
    const summary = errorSummary();
    const form = h(
      "form",
      {
        class: "card",
        // the API checks every field and the summary lists them all; the browser's own bubbles would stop at the first
        noValidate: true,
        on: {
          submit: async (e) => {
            e.preventDefault();
            const body: Record<string, unknown> = { enabled: enabled.checked };
            for (const [key, input] of inputs) body[key] = input.value === "" ? null : Number(input.value);
            try {
              await api("PUT", "/settings", body);
              summary.clear(form);
              status.textContent = "Saved. The new settings apply at once.";
            } catch (err) {
              if (!(err instanceof ApiFailure)) throw err;
              status.textContent = "";
              if (err.issues.length > 0) summary.show(form, err.issues);
              else status.textContent = `Not saved: ${err.message}`;
            }
          },
        },
      },
      summary.element,
      checkField("Webhooks enabled", enabled, { path: "enabled", hint: "When off, events are still accepted and kept, but nothing is sent." }),
      ...NUMBERS.map((n) => field(n.label, inputs.get(n.key)!, { path: n.key, hint: `${n.hint}${rangeOf(bounds[n.key])}` })),
      h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Save settings")),
      status,
    );
    replace(content, h("h1", {}, "General settings"), form, apiTokensSection(), configTransferSection());
    focusHeading(content);
  });
}
