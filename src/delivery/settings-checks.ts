import { errorMessage } from "../error-message.ts";
import { keyMatchesCertificate } from "../security/pem.ts";
import { sampleEvent, sampleTypeFor } from "../events/sample-event.ts";
import { parseTemplate, RENDER_LIMITS, renderBody, renderTemplate, renderUrl } from "./render.ts";
import { NAMED, unknownPlaceholderProblems, type NameShape, type Token } from "./placeholder-names.ts";
import { TEMPLATE_VIEW_NAMES, templateView } from "./template-view.ts";
import { parseHeaderLines } from "../webhooks/header-lines.ts";
import type { AuthMimeType, Webhook, WebhookSettings } from "../webhooks/model.ts";
import { passwordDestination } from "../webhooks/settings-merge.ts";
import { documentProblem } from "../webhooks/document-problem.ts";

/** A problem with one setting; `path` in dot notation as the API reports it. */
export interface SettingsProblem {
  path: string;
  message: string;
}

const TOKEN_FIELD = /^[^.\s]+(\.[^.\s]+)*$/;

/**
 * A name (`{{a.b}}`) with a part every object has (`constructor`, `__proto__`,
 * `__defineGetter__`): mustache would reach past the event into the language's own
 * objects and call what it finds there.
 */
function inheritedName(tokens: Token[]): string | null {
  for (const [type, value, , , inner] of tokens) {
    if (NAMED.has(type) && value.split(".").some((part) => part in Object.prototype)) return value;
    const nested = inner ? inheritedName(inner) : null;
    if (nested) return nested;
  }
  return null;
}

/** Why a template cannot be used with views holding `names`: it does not parse, or uses names they lack (each said). */
function templateProblems(template: string, names: NameShape): string[] {
  let tokens: Token[];
  try {
    tokens = parseTemplate(template) as Token[];
  } catch (err) {
    return [`the template does not parse: ${errorMessage(err)}`];
  }
  const inherited = inheritedName(tokens);
  if (inherited !== null) return [`{{${inherited}}} is no event field: names such as constructor or __proto__ are not allowed`];
  return unknownPlaceholderProblems(tokens, names);
}

/** The template's problems, else the first problem rendering it with the samples (which needs a template that is sound). */
function templateOrRenderProblems(template: string, views: Views, render: Render, check?: (text: string) => string | null): string[] {
  const problems = templateProblems(template, views.names);
  if (problems.length > 0) return problems;
  const problem = renderProblem(template, views.samples, render, check);
  return problem ? [problem] : [];
}

/** Renders a template checked to parse; a failure (a name reaching into an array's methods) is a problem. */
type Render = (template: string, view: Readonly<Record<string, unknown>>) => string;

function rendered(template: string, view: Record<string, unknown>, render: Render): { text: string } | { problem: string } {
  try {
    return { text: render(template, view) };
  } catch (err) {
    return { problem: `the template cannot be rendered: ${errorMessage(err)}` };
  }
}

function absoluteHttpUrlProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "must be an absolute URL such as https://crm.example/hook";
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return "must start with http:// or https://";
  // refused at send time too (urlProblem): said here, it is not a webhook that fails every attempt
  if (parsed.hostname === "") return "must name a host";
  if (parsed.username !== "" || parsed.password !== "") return "must not carry credentials: use the authentication settings, which keep them encrypted";
  return null;
}

function checkHeaderTemplates(text: string, path: string, views: Views, problems: SettingsProblem[]): void {
  for (const { name, value } of parseHeaderLines(text).headers) {
    for (const problem of templateOrRenderProblems(value, views, (t, v) => renderTemplate(t, v, String, { limit: RENDER_LIMITS.header }))) {
      problems.push({ path, message: `${name}: ${problem}` });
    }
  }
}

/** The first problem rendering a template that parses with each sample, if any; which sample, when it has placeholders. */
function renderProblem(template: string, samples: Sample[], render: Render, check: (text: string) => string | null = () => null) {
  for (const sample of samples) {
    const result = rendered(template, sample.view, render);
    const problem = "problem" in result ? result.problem : check(result.text);
    if (problem) return template.includes("{{") ? `rendered with ${sample.description}, ${problem}` : problem;
  }
  return null;
}

interface Sample {
  view: Record<string, unknown>;
  description: string;
}

/** What a template is rendered with: the names it may use, and sample views to try it on. */
interface Views {
  names: NameShape;
  samples: Sample[];
}

/**
 * The names a webhook's templates may use, and the events they must render for: a
 * realistic one of the first type it takes, and the same with every data field empty,
 * as the box sends a field it has no value for: `{"price": {{ticket_price}}}` would then
 * not be JSON.
 */
function eventViews(s: WebhookSettings, now: Date): Views {
  const type = sampleTypeFor(s.events);
  const full = sampleEvent(type, now);
  const samples = [
    { view: templateView(full), description: `a sample ${type} event` },
    {
      view: templateView({ ...full, ticketId: "", data: {} }),
      description: `a ${type} event whose data fields are all empty (quote a placeholder: "{{ticket_price}}")`,
    },
  ];
  return { names: TEMPLATE_VIEW_NAMES, samples };
}

/** The token request's templates see the username and password. */
const AUTH_VIEWS: Views = {
  names: { username: "value", password: "value" },
  samples: [{ view: { username: "sample-user", password: "sample-password" }, description: "a sample username and password" }],
};

/** A body template must not be there for GET, must parse, and must render to a valid document. */
function checkBodyTemplate(
  request: { body: string; method: string; mimeType: AuthMimeType; path: string; otherMethods: string },
  views: Views,
  problems: SettingsProblem[],
): void {
  const { body, method, mimeType, path } = request;
  if (body.trim() === "") return;
  if (method === "GET") {
    problems.push({ path, message: `a GET request sends no body: clear the body, or choose ${request.otherMethods}` });
    return;
  }
  const found = templateOrRenderProblems(body, views, (t, v) => renderBody(t, v, mimeType), (text) => {
    const document = documentProblem(text, mimeType);
    return document && `the body ${document}`;
  });
  for (const message of found) problems.push({ path, message });
}

/** A URL template must parse and render, with each sample, to an absolute http(s) URL. */
function checkUrlTemplate(url: string, path: string, views: Views, problems: SettingsProblem[]): void {
  for (const message of templateOrRenderProblems(url, views, renderUrl, absoluteHttpUrlProblem)) problems.push({ path, message });
}

function checkRequest(s: WebhookSettings, now: Date, problems: SettingsProblem[]): void {
  const views = eventViews(s, now);
  checkUrlTemplate(s.url, "url", views, problems);
  checkHeaderTemplates(s.headers, "headers", views, problems);
  checkBodyTemplate(
    { body: s.body, method: s.method, mimeType: s.body_mime_type, path: "body", otherMethods: "POST, PUT or DELETE" },
    views,
    problems,
  );
}

/** Whether a URL template writes out its scheme, host and port: no placeholder before its path. */
function literalOrigin(url: string): boolean {
  const authority = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(url)?.[0] ?? url;
  return !authority.includes("{{");
}

function checkAuth(s: WebhookSettings, problems: SettingsProblem[]): void {
  const auth = s.auth;
  // the credentials go with every request: event data must not choose where to
  if (auth.type !== "none" && !literalOrigin(s.url)) {
    problems.push({ path: "url", message: `with ${auth.type} authentication the host must be written out, without placeholders, so the credentials go nowhere else` });
  }
  const missing = (field: string, what: string) => {
    // said already, more precisely (a password to enter again)
    if (!problems.some((p) => p.path === `auth.${field}`)) problems.push({ path: `auth.${field}`, message: `${what} is required for ${auth.type} authentication` });
  };
  if (auth.type === "none") return;
  if (auth.username.trim() === "" && auth.type === "basic") missing("username", "a username");
  // Basic sends "username:password": the receiver splits at the first colon (RFC 7617)
  if (auth.type === "basic" && auth.username.includes(":")) {
    problems.push({ path: "auth.username", message: "must not contain ':' for basic authentication" });
  }
  if (auth.password === "" && auth.type === "basic") missing("password", "a password");
  if (auth.type !== "token") return;

  if (auth.url === "") missing("url", "an authentication URL");
  // the password goes there: the username must not choose where
  else if (!literalOrigin(auth.url)) {
    problems.push({ path: "auth.url", message: "the host must be written out, without placeholders, so the password goes nowhere else" });
  } else checkUrlTemplate(auth.url, "auth.url", AUTH_VIEWS, problems);
  if (auth.token_field === "") missing("token_field", "the token field");
  else if (!TOKEN_FIELD.test(auth.token_field)) {
    problems.push({ path: "auth.token_field", message: "must be a dot path such as auth_token or auth.token" });
  }
  checkHeaderTemplates(auth.headers, "auth.headers", AUTH_VIEWS, problems);
  checkBodyTemplate(
    { body: auth.body, method: auth.method, mimeType: auth.body_mime_type, path: "auth.body", otherMethods: "POST" },
    AUTH_VIEWS,
    problems,
  );
}

/** A stored password the change did not keep, as it would go elsewhere: the admin must enter it again. */
function checkPasswordKept(settings: WebhookSettings, stored: WebhookSettings | undefined, problems: SettingsProblem[]): void {
  if (!stored?.auth.password || settings.auth.type === "none" || settings.auth.password !== "") return;
  // to the same place, an empty password is one the change set on purpose
  if (passwordDestination(stored) === passwordDestination(settings)) return;
  problems.push({
    path: "auth.password",
    message: `enter the password again: it would now be sent to ${passwordDestination(settings)}, not where it was stored for`,
  });
}

/** The settings a change replaces, and which of their secrets do not open. */
export type StoredSettings = WebhookSettings & Partial<Pick<Webhook, "unreadable_secrets">>;

/**
 * Secrets secret.key does not open (they read as absent): the password must come with
 * the change, and the signing secret be rotated (or signing turned off) before the
 * webhook is switched on, or it would send without credentials or unsigned.
 */
function checkUnreadableSecrets(settings: WebhookSettings, stored: StoredSettings | undefined, problems: SettingsProblem[]): void {
  const unreadable = stored?.unreadable_secrets ?? [];
  if (unreadable.includes("password") && settings.auth.type !== "none" && settings.auth.password === "") {
    problems.push({ path: "auth.password", message: "enter the password again: secret.key does not open the stored one" });
  }
  if (unreadable.includes("client_key") && settings.tls.client_cert !== "" && settings.tls.client_key === "") {
    problems.push({ path: "tls.client_key", message: "enter the client key again: secret.key does not open the stored one" });
  }
  if (unreadable.includes("signing_secret") && settings.enabled) {
    problems.push({ path: "enabled", message: "secret.key does not open the signing secret: rotate it, or turn signing off, before switching the webhook on" });
  }
}

/** A filter reads fields by the names templates use: one it cannot have is refused, with the nearest known name. */
function checkFilter({ filter }: WebhookSettings, problems: SettingsProblem[]): void {
  for (const [i, condition] of filter.entries()) {
    const [problem] = unknownPlaceholderProblems([["name", condition.field, 0, 0]], TEMPLATE_VIEW_NAMES);
    if (problem) problems.push({ path: `filter.${i}.field`, message: problem.replace("unknown placeholder", "unknown field") });
  }
}

/** Mutual TLS needs the certificate and its own key together. */
function checkTls({ tls }: WebhookSettings, problems: SettingsProblem[]): void {
  if (tls.client_cert.trim() === "" && tls.client_key.trim() !== "") {
    problems.push({ path: "tls.client_cert", message: "a client key needs its client certificate" });
  } else if (tls.client_cert.trim() !== "" && tls.client_key.trim() === "") {
    problems.push({ path: "tls.client_key", message: "enter the private key of the client certificate" });
  } else if (tls.client_cert.trim() !== "" && !keyMatchesCertificate(tls.client_cert, tls.client_key)) {
    problems.push({ path: "tls.client_key", message: "is not the private key of the client certificate" });
  }
}

/**
 * The rules that span fields: URL and templates use only names their view has, and
 * render with a sample event to a valid URL, JSON, XML or form; GET sends no body; each
 * authentication type has its required fields; a change (`stored` is what it changes)
 * does not drop the password unsaid, nor leave out one secret.key does not open.
 */
export function settingsProblems(settings: WebhookSettings, now: Date, stored?: StoredSettings): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  checkRequest(settings, now, problems);
  checkPasswordKept(settings, stored, problems);
  checkUnreadableSecrets(settings, stored, problems);
  checkAuth(settings, problems);
  checkTls(settings, problems);
  checkFilter(settings, problems);
  return problems;
}
