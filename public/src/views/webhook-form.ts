import { AUTH_DEFAULTS, AUTH_METHODS, AUTH_MIME_TYPES, AUTH_TYPES, HTTP_METHODS, MIME_TYPES, ORDERINGS, WEBHOOK_DEFAULTS } from "../../../src/db/webhook-choices.ts";
import { api, ApiFailure, type Issue } from "../api.ts";
import { checkField, field, focusHeading, h, numberInput, replace, showIssues } from "../dom.ts";
import { askToConfirm } from "../dialog.ts";
import { errorSummary, problemList } from "../error-summary.ts";
import { leaving, setLeaveGuard } from "../leave-guard.ts";
import { numberBounds, type Bounds } from "../number-bounds.ts";
import type { DraftPreview, EventType, Placeholder, Webhook } from "../types.ts";
import { eventsPicker } from "./events-picker.ts";
import { filterEditor } from "./filter-editor.ts";
import { placeholderPicker } from "./placeholder-picker.ts";
import { recentDeliveries } from "./recent-deliveries.ts";
import { switchedOffNotice } from "./switched-off-notice.ts";
import { securityActions } from "./webhook-actions.ts";

const select = (options: readonly string[], value: string) =>
  h("select", {}, ...options.map((o) => h("option", { value: o, selected: o === value }, o)));
const text = (value: string, placeholder = "") => h("input", { type: "text", value, placeholder, spellcheck: false });
const area = (value: string, rows: number, placeholder = "") => h("textarea", { rows, value, placeholder, spellcheck: false });

/** The form's controls, one per setting of the vendor's table; a new webhook's show the defaults. */
function controls(w: Webhook | null, authBounds: Record<string, Bounds>, webhookBounds: Record<string, Bounds>) {
  const auth = w?.auth;
  return {
    name: text(w?.name ?? "", "e.g. Server1: System Events"),
    url: text(w?.url ?? "", "https://your.server/endpoint"),
    method: select(HTTP_METHODS, w?.method ?? WEBHOOK_DEFAULTS.method),
    headers: area(w?.headers ?? "", 3, "X-Api-Key: …  (one header per line)"),
    body_mime_type: select(MIME_TYPES, w?.body_mime_type ?? WEBHOOK_DEFAULTS.body_mime_type),
    body: area(w?.body ?? "", 10, "Empty: the whole event is sent as JSON or XML"),
    log_body_and_headers: h("input", { type: "checkbox", checked: w?.log_body_and_headers ?? WEBHOOK_DEFAULTS.log_body_and_headers }),
    enabled: h("input", { type: "checkbox", checked: w?.enabled ?? WEBHOOK_DEFAULTS.enabled }),
    ordering: select(ORDERINGS, w?.ordering ?? WEBHOOK_DEFAULTS.ordering),
    rate_limit_per_minute: numberInput(w?.rate_limit_per_minute ?? undefined, webhookBounds.rate_limit_per_minute),
    auth_type: select(AUTH_TYPES, auth?.type ?? AUTH_DEFAULTS.type),
    auth_url: text(auth?.url ?? "", "https://your.server/login"),
    auth_method: select(AUTH_METHODS, auth?.method ?? AUTH_DEFAULTS.method),
    auth_headers: area(auth?.headers ?? "", 2),
    auth_body_mime_type: select(AUTH_MIME_TYPES, auth?.body_mime_type ?? AUTH_DEFAULTS.body_mime_type),
    auth_body: area(auth?.body ?? "", 4, 'Empty: {"username":…,"password":…}'),
    auth_username: text(auth?.username ?? ""),
    auth_password: h("input", { type: "password", autocomplete: "new-password", placeholder: auth?.password_set ? "stored (leave empty to keep)" : "" }),
    auth_token_refresh_interval: numberInput(auth?.token_refresh_interval ?? AUTH_DEFAULTS.token_refresh_interval, authBounds.token_refresh_interval),
    auth_token_field: text(auth?.token_field ?? "", "auth.token"),
    tls_ca: area(w?.tls.ca ?? "", 4, "-----BEGIN CERTIFICATE-----"),
    tls_client_cert: area(w?.tls.client_cert ?? "", 4, "-----BEGIN CERTIFICATE-----"),
    // write-only like the password: never shown, kept when left empty; masked as typed (.secret)
    tls_client_key: h("textarea", { rows: 4, class: "secret", autocomplete: "off", spellcheck: false, placeholder: w?.tls.client_key_set ? "stored: leave empty to keep" : "-----BEGIN PRIVATE KEY-----" }),
  };
}

type Controls = ReturnType<typeof controls>;

/** The fields of the chosen authentication type only: a field not shown cannot stand in the way of saving. */
function authFrom(c: Controls): Record<string, unknown> {
  const type = c.auth_type.value;
  if (type === "none") return { type };
  const auth: Record<string, unknown> = { type, username: c.auth_username.value };
  if (c.auth_password.value !== "") auth.password = c.auth_password.value;
  if (type === "basic") return auth;
  return {
    ...auth,
    url: c.auth_url.value,
    method: c.auth_method.value,
    headers: c.auth_headers.value,
    body: c.auth_body.value,
    body_mime_type: c.auth_body_mime_type.value,
    token_refresh_interval: Number(c.auth_token_refresh_interval.value),
    token_field: c.auth_token_field.value,
  };
}

/** TLS as the form has it: an empty key field keeps the stored key. */
function tlsFrom(c: Controls): Record<string, string> {
  const tls: Record<string, string> = { ca: c.tls_ca.value, client_cert: c.tls_client_cert.value };
  if (c.tls_client_key.value !== "") tls.client_key = c.tls_client_key.value;
  return tls;
}

function settingsFrom(c: Controls, events: string[], filter: Record<string, unknown>[]) {
  const auth = authFrom(c);
  return {
    name: c.name.value,
    url: c.url.value,
    method: c.method.value,
    events,
    headers: c.headers.value,
    body: c.body.value,
    body_mime_type: c.body_mime_type.value,
    log_body_and_headers: c.log_body_and_headers.checked,
    enabled: c.enabled.checked,
    ordering: c.ordering.value,
    // empty: no limit
    rate_limit_per_minute: c.rate_limit_per_minute.value === "" ? null : Number(c.rate_limit_per_minute.value),
    auth,
    tls: tlsFrom(c),
    filter,
  };
}

/** A request as it goes on the wire, near enough: request line, header lines, a blank line, the body. */
function requestText(r: DraftPreview["request"]): string {
  const headers = Object.entries(r.headers).map(([name, value]) => `${name}: ${value}`);
  return `${r.method} ${r.url || "(no URL yet)"}\n${headers.join("\n")}\n\n${r.body ?? ""}`;
}

/** Issues said once: the save and the draft name many of the same. */
function unique(issues: Issue[]): Issue[] {
  return [...new Map(issues.map((i) => [`${i.path}\n${i.message}`, i])).values()];
}

function section(title: string, ...children: (Node | null)[]) {
  return h("fieldset", { class: title === "Preview" ? "card preview-section" : "card" }, h("legend", {}, title), ...children);
}

/** Create or edit a webhook, with a live preview of the request and the API's messages beside each field. */
export async function renderWebhookForm(content: HTMLElement, webhook: Webhook | null, back: (message?: string) => void) {
  const [{ items: types }, { items: placeholders }, authBounds, webhookBounds] = await Promise.all([
    api<{ items: EventType[] }>("GET", "/event-types"),
    api<{ items: Placeholder[] }>("GET", "/placeholders"),
    numberBounds("AuthSettingsInput"),
    numberBounds("WebhookInput"),
  ]);
  const c = controls(webhook, authBounds, webhookBounds);
  const actions = webhook ? securityActions(webhook) : null;
  const recent = webhook ? recentDeliveries(webhook) : null;
  /** The form as loaded: while it differs, Cancel and the tabs ask before discarding it. */
  let loaded = "";
  const current = () => settingsFrom(c, events.value(), filter.value());
  const edited = () => JSON.stringify(current()) !== loaded;
  const mayDiscard = async () => !edited() || (await askToConfirm("Discard the changes on this form?", { confirm: "Discard changes", danger: true }));
  const events = eventsPicker(types, webhook?.events ?? []);
  const filter = filterEditor(placeholders, webhook?.filter ?? []);
  loaded = JSON.stringify(current());
  /** Switched back on from the notice: the Enabled box follows, as saved, so that Save does not switch it off again. */
  const switchedOn = () => {
    c.enabled.checked = true;
    loaded = JSON.stringify({ ...JSON.parse(loaded), enabled: true });
    actions?.unsaved(edited());
    void recent?.refresh();
  };
  const status = h("p", { role: "status", class: "status" });
  // not a live region: it changes with every keystroke, and the field messages say what matters
  const previewOut = h("pre", { class: "preview" }, "…");
  const verdict = h("p", { class: "filter-verdict" });
  const previewProblems = h("div", { class: "preview-problems" });
  const summary = errorSummary();
  const sampleType = select(["(matching the events)", ...types.map((t) => t.type)], "(matching the events)");
  sampleType.setAttribute("aria-label", "Sample event for the preview");

  // an edited webhook's password field is left empty: the stored password stands, in a preview as on save
  const unsaved = (settings: ReturnType<typeof current>) => (webhook ? { webhook: settings, webhook_id: webhook.id } : { webhook: settings });
  /** The form as the API sees it now: the request as far as it renders, and every problem (a 200 however unfinished the form is). */
  const draft = () => {
    const sample = sampleType.selectedIndex > 0 ? { event: { type: sampleType.value } } : {};
    return api<DraftPreview>("POST", "/webhooks/preview/draft", { ...unsaved(current()), ...sample });
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** Field messages wait for the admin's first change: a new form opens without red. */
  let touched = false;
  /** The latest preview asked for: an earlier one answered late must not overwrite it. */
  let latest = 0;
  const refreshPreview = () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      // left meanwhile (saved, cancelled, signed out): nothing to show, nor to ask
      if (!form.isConnected) return;
      const asked = ++latest;
      try {
        const { request: r, problems, filter: passing } = await draft();
        if (asked !== latest) return;
        if (touched) showIssues(form, problems);
        showVerdict(passing);
        previewOut.textContent = requestText(r);
        replace(previewProblems, ...(problems.length ? [h("p", {}, `Still to fix before saving (${problems.length}):`), problemList(form, problems)] : []));
      } catch (err) {
        if (!(err instanceof ApiFailure)) throw err;
        previewOut.textContent = `Cannot render the request: ${err.message}`;
      }
    }, 250);
  };

  const authFields = {
    basic: [field("Username", c.auth_username, { path: "auth.username" }), field("Password", c.auth_password, { path: "auth.password" })],
    token: [
      field("Authentication URL", c.auth_url, { path: "auth.url" }),
      field("Authentication method", c.auth_method, { path: "auth.method" }),
      field("Authentication headers", c.auth_headers, { path: "auth.headers", hint: "One header per line: Field: Value" }),
      field("Authentication body mime type", c.auth_body_mime_type, { path: "auth.body_mime_type" }),
      field("Authentication body", c.auth_body, {
        path: "auth.body",
        hint: "Use {{username}} and {{password}}. Empty as a form: OAuth 2.0 client credentials (the username is the client id)",
      }),
      field("Token refresh interval (minutes)", c.auth_token_refresh_interval, { path: "auth.token_refresh_interval" }),
      field("Token field", c.auth_token_field, { path: "auth.token_field", hint: "Where the token is in the answer, e.g. auth_token or auth.token" }),
    ],
  };
  const authBox = h("div", {});
  const showAuthFields = () => {
    const type = c.auth_type.value as Webhook["auth"]["type"];
    replace(authBox, ...(type === "none" ? [] : type === "basic" ? authFields.basic : [...authFields.token.slice(0, 5), ...authFields.basic, ...authFields.token.slice(5)]));
  };
  c.auth_type.addEventListener("change", showAuthFields);
  showAuthFields();

  /** Whether the sample event passes the filter; said only where there is a filter to pass. */
  const showVerdict = (passing: DraftPreview["filter"]) => {
    verdict.className = passing.passes ? "filter-verdict" : "filter-verdict failure";
    verdict.textContent = !passing.passes
      ? `This event would not be sent: ${passing.reason}`
      : filter.value().length > 0 ? "This event meets the filter: it would be sent." : "";
  };

  const save = async (asCopy: boolean) => {
    const settings = current();
    try {
      let saved: Webhook;
      if (asCopy && webhook) {
        // one request: the copy is made with the form's settings (the stored password kept) or not at all;
        // a name typed for the copy is its name, else "… (copy)"
        const { name, ...changes } = settings;
        saved = await api<Webhook>("POST", `/webhooks/${webhook.id}/copy`, name === webhook.name ? changes : settings);
      } else {
        saved = webhook ? await api<Webhook>("PUT", `/webhooks/${webhook.id}`, settings) : await api<Webhook>("POST", "/webhooks", settings);
      }
      leaving(); // saved: nothing left to ask about
      back(`Saved ${saved.name}.`);
    } catch (err) {
      if (!(err instanceof ApiFailure)) throw err;
      status.textContent = "";
      if (err.status !== 422) return void (status.textContent = `Not saved: ${err.message}`);
      // the API stops at the fields' own rules before it checks those spanning fields; the draft has them all
      const { problems } = await draft().catch(() => ({ problems: [] as Issue[] }));
      summary.show(form, unique([...err.issues, ...problems]));
    }
  };

  const form: HTMLFormElement = h(
    "form",
    // the API checks every field and the summary lists them all; the browser's own bubbles would stop at the first
    { class: "webhook-form", noValidate: true, on: { submit: (e) => (e.preventDefault(), void save(false)), input: refreshPreview, change: refreshPreview } },
    summary.element,
    section(
      "Endpoint",
      checkField("Enabled", c.enabled, { path: "enabled", hint: "Off: nothing is sent to this endpoint." }),
      field("Name", c.name, { path: "name", hint: "Shown only here" }),
      field("URL", c.url, { path: "url", hint: "Placeholders allowed, e.g. https://crm.example/t/{{event.ticket_id}}" }),
      field("Method", c.method, { path: "method" }),
      field("Order", c.ordering, { path: "ordering", hint: "ticket: a ticket's events are sent one after another, in the order received, each once the one before is done; none: as they come" }),
      field("Rate limit (requests a minute)", c.rate_limit_per_minute, {
        path: "rate_limit_per_minute",
        hint: "Empty: no limit. At 60, one request a second; the others wait their turn, none is lost",
      }),
    ),
    section("Events", events.element),
    section("Filter", filter.element),
    section(
      "Request",
      field("Headers", c.headers, { path: "headers", hint: "One header per line: Field: Value" }),
      field("Body mime type", c.body_mime_type, { path: "body_mime_type" }),
      field("Body", c.body, { path: "body", hint: "A template: {{placeholder}} values are escaped for JSON or XML" }),
      placeholderPicker(placeholders, [
        { field: c.url, kind: () => "text" },
        { field: c.headers, kind: () => "text" },
        { field: c.body, kind: () => (c.body_mime_type.value === "application/xml" ? "xml" : "json") },
      ], () => {
        touched = true;
        actions?.unsaved(edited());
        refreshPreview();
      }),
    ),
    section("Authentication", field("Authentication type", c.auth_type, { path: "auth.type" }), authBox),
    section(
      "TLS (on-site servers)",
      h("p", { class: "hint intro" }, "Only for a server with its own certificate, such as the PMS on the hotel network; leave empty for servers on the internet."),
      field("Trusted certificate (CA)", c.tls_ca, {
        path: "tls.ca",
        hint: "The server's self-signed certificate, or the certificate of the authority that signed it, as text starting -----BEGIN CERTIFICATE-----. Trusted for this webhook besides the usual public authorities.",
      }),
      field("Client certificate", c.tls_client_cert, {
        path: "tls.client_cert",
        hint: "Only when the server asks this box to prove who it is (mutual TLS): the certificate it expects, with its private key below.",
      }),
      field("Client private key", c.tls_client_key, {
        path: "tls.client_key",
        hint: "The key of the client certificate, starting -----BEGIN PRIVATE KEY-----. Stored encrypted and never shown again.",
      }),
    ),
    section(
      "Logging",
      h("label", { class: "check" }, c.log_body_and_headers, " Log body and headers"),
      h("p", { class: "hint" }, "For debugging only: stores every request and response in full, which takes a lot of space."),
    ),
    section("Preview", h("label", {}, "Sample event ", sampleType), verdict, previewOut, previewProblems),
    h(
      "div",
      { class: "actions" },
      h("button", { type: "submit", class: "primary" }, "Save"),
      webhook ? h("button", { type: "button", on: { click: () => void save(true) } }, "Save as copy") : null,
      webhook
        ? h("button", {
            type: "button",
            class: "danger",
            on: {
              click: async () => {
                if (!(await askToConfirm(`Delete the webhook “${webhook.name}”? Its log entries stay.`, { confirm: "Delete", danger: true }))) return;
                await api("DELETE", `/webhooks/${webhook.id}`);
                leaving();
                back(`Deleted ${webhook.name}.`);
              },
            },
          }, "Delete")
        : null,
      // leaving asks about unsaved edits, as any way out of the form does
      h("button", { type: "button", class: "link", on: { click: () => back() } }, "Cancel"),
    ),
    status,
  );
  // the test buttons act on the saved webhook: once the form differs, they wait for Save
  const markUnsaved = (e: Event) => {
    if (e.target === sampleType) return;
    touched = true;
    actions?.unsaved(edited());
  };
  form.addEventListener("input", markUnsaved);
  form.addEventListener("change", markUnsaved);
  replace(
    content,
    h("h1", {}, webhook ? `Edit: ${webhook.name}` : "New webhook"),
    webhook ? switchedOffNotice(webhook, switchedOn) : null,
    form,
    actions?.element ?? h("p", { class: "hint" }, "Save the webhook to send a test event, test its authentication or sign its requests."),
    recent?.element,
  );
  // asks only while this form is shown: once saved or left, nothing is lost
  setLeaveGuard(async () => !form.isConnected || (await mayDiscard()));
  focusHeading(content);
  refreshPreview();
}
