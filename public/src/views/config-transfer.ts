import { api, ApiFailure, type Issue } from "../api.ts";
import { askToConfirm } from "../dialog.ts";
import { field, h, replace, showIssues } from "../dom.ts";
import type { ImportSummary } from "../types.ts";

type Mode = "merge" | "replace";

/** General settings' section for a backup: export (secrets sealed with a passphrase) and import, with a preview first. */
export function configTransferSection(): HTMLElement {
  return h(
    "section",
    { class: "card", "aria-labelledby": "transfer-heading" },
    h("h2", { id: "transfer-heading" }, "Export and import"),
    h("p", { class: "hint" }, "The settings and every webhook as one file: a backup, or the configuration for another box."),
    exportForm(),
    importForm(),
  );
}

function exportForm(): HTMLElement {
  const passphrase = h("input", { type: "password", autocomplete: "new-password" });
  const repeated = h("input", { type: "password", autocomplete: "new-password" });
  const status = h("p", { role: "status", class: "status" });
  const form: HTMLFormElement = h(
    "form",
    {
      on: {
        submit: async (e) => {
          e.preventDefault();
          if (passphrase.value !== repeated.value) {
            showIssues(form, [{ path: "passphrase_repeated", message: "does not match the passphrase" }]);
            return;
          }
          try {
            const document = await api<unknown>("POST", "/config/export", { passphrase: passphrase.value });
            showIssues(form, []);
            download(`iacbox-webhooks-${new Date().toISOString().slice(0, 10)}.json`, JSON.stringify(document, null, 2));
            status.textContent = "Exported. Keep the passphrase: the file's passwords and signing secrets open only with it.";
          } catch (err) {
            if (!(err instanceof ApiFailure)) throw err;
            showIssues(form, err.issues);
            status.textContent = `Not exported: ${err.message}`;
          }
        },
      },
    },
    h("h3", {}, "Export"),
    field("Passphrase", passphrase, { path: "passphrase", hint: "At least 8 characters. It seals the passwords and signing secrets in the file." }),
    field("Passphrase again", repeated, { path: "passphrase_repeated" }),
    h("div", { class: "actions" }, h("button", { type: "submit" }, "Export")),
    status,
  );
  return form;
}

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const link = h("a", { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

function importForm(): HTMLElement {
  const file = h("input", { type: "file", accept: ".json,application/json" });
  const passphrase = h("input", { type: "password", autocomplete: "off" });
  const modes = new Map<Mode, HTMLInputElement>([
    ["merge", h("input", { type: "radio", name: "import-mode", value: "merge", checked: true })],
    ["replace", h("input", { type: "radio", name: "import-mode", value: "replace" })],
  ]);
  const preview = h("div", { "aria-live": "polite" });
  const status = h("p", { role: "status", class: "status" });
  let previewed: { body: Record<string, unknown>; summary: ImportSummary } | null = null;

  const mode = (): Mode => (modes.get("replace")!.checked ? "replace" : "merge");

  /** The request body from the form, or null (with the reason shown) when the file cannot be read. */
  async function body(): Promise<Record<string, unknown> | null> {
    const chosen = file.files?.[0];
    if (!chosen) {
      showIssues(form, [{ path: "file", message: "choose a file exported from this page or GET /api/config" }]);
      return null;
    }
    try {
      const document = JSON.parse(await chosen.text()) as unknown;
      return { document, mode: mode(), ...(passphrase.value ? { passphrase: passphrase.value } : {}) };
    } catch {
      showIssues(form, [{ path: "file", message: "is not a JSON file" }]);
      return null;
    }
  }

  function failed(err: unknown, what: string) {
    if (!(err instanceof ApiFailure)) throw err;
    const unmatched = showIssues(form, err.issues);
    status.textContent = `${what}: ${err.message}`;
    replace(preview, unmatched.length > 0 ? problemList(unmatched) : null);
  }

  async function showPreview() {
    previewed = null;
    status.textContent = "";
    replace(preview);
    const request = await body();
    if (!request) return;
    try {
      const summary = await api<ImportSummary>("POST", "/config/import", { ...request, dry_run: true });
      showIssues(form, []);
      previewed = { body: request, summary };
      replace(preview, previewOf(summary), h("div", { class: "actions" }, h("button", { type: "button", class: "primary", on: { click: () => void importNow() } }, "Import")));
    } catch (err) {
      failed(err, "Cannot be imported");
    }
  }

  async function importNow() {
    if (!previewed) return;
    const removed = previewed.summary.webhooks.filter((w) => w.action === "remove").length;
    if (removed > 0 && !(await askToConfirm(`Import and delete ${removed} webhook${removed === 1 ? "" : "s"} the file does not hold?`, { confirm: "Import", danger: true }))) return;
    try {
      await api<ImportSummary>("POST", "/config/import", previewed.body);
      replace(preview);
      previewed = null;
      status.textContent = "Imported. The new configuration applies at once.";
    } catch (err) {
      failed(err, "Not imported");
    }
  }

  // a preview is of the file, passphrase and mode it was made with: a change asks for a new one
  const forget = () => {
    previewed = null;
    replace(preview);
  };
  for (const input of [file, passphrase, ...modes.values()]) input.addEventListener("change", forget);

  const form: HTMLFormElement = h(
    "form",
    { on: { submit: (e) => { e.preventDefault(); void showPreview(); } } },
    h("h3", {}, "Import"),
    field("File", file, { path: "file", id: "import-file" }),
    field("Passphrase", passphrase, { path: "passphrase", id: "import-passphrase", hint: "The export's passphrase; a file from GET /api/config needs none." }),
    h(
      "fieldset",
      { class: "modes" },
      h("legend", {}, "Mode"),
      h("label", { class: "check" }, modes.get("merge")!, " Merge: add the file's webhooks, change those of the same name, keep the others"),
      h("label", { class: "check" }, modes.get("replace")!, " Replace: the file becomes the configuration, other webhooks are deleted"),
    ),
    h("div", { class: "actions" }, h("button", { type: "submit" }, "Preview import")),
    status,
    preview,
  );
  return form;
}

const ACTIONS: { action: ImportSummary["webhooks"][number]["action"]; label: string }[] = [
  { action: "add", label: "Added" },
  { action: "change", label: "Changed" },
  { action: "remove", label: "Deleted" },
  { action: "unchanged", label: "Unchanged" },
];

function previewOf(summary: ImportSummary): HTMLElement {
  const groups = ACTIONS.map(({ action, label }) => ({ action, label, items: summary.webhooks.filter((w) => w.action === action) })).filter((g) => g.items.length > 0);
  const settings = summary.settings.changed;
  return h(
    "div",
    { class: "import-preview" },
    h("h4", {}, "What the import would do"),
    ...groups.map((g) =>
      h("div", { class: g.action === "remove" ? "removed" : undefined }, h("strong", {}, `${g.label} (${g.items.length})`), h("ul", {}, ...g.items.map((w) => h("li", {}, w.name, ...w.notes.map((n) => h("p", { class: "hint" }, n)))))),
    ),
    h("p", {}, settings.length === 0 ? "General settings: unchanged." : `General settings changed: ${settings.join(", ")}.`),
  );
}

/** Problems in the file itself, each with the place it names (document.webhooks.2.url). */
function problemList(issues: Issue[]): HTMLElement {
  return h("ul", { class: "error problems" }, ...issues.map((i) => h("li", {}, h("code", {}, i.path), ` ${i.message}`)));
}
