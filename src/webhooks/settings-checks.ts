import Mustache from "mustache";
import { sampleEvent, sampleTypeFor } from "../events/sample-event.ts";
import { escapeUrl } from "../delivery/escape.ts";
import { BODY_ESCAPERS, renderTemplate } from "../delivery/render.ts";
import { templateView } from "../delivery/template-view.ts";
import { parseHeaderLines } from "./header-lines.ts";
import type { MimeType, WebhookSettings } from "./model.ts";
import { xmlProblem } from "./xml-wellformed.ts";

/** A problem with one setting; `path` in dot notation as the API reports it. */
export interface SettingsProblem {
  path: string;
  message: string;
}

const TOKEN_FIELD = /^[^.\s]+(\.[^.\s]+)*$/;

function templateProblem(template: string): string | null {
  try {
    Mustache.parse(template);
    return null;
  } catch (err) {
    return `the template does not parse: ${(err as Error).message}`;
  }
}

function absoluteHttpUrlProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "must be an absolute URL such as https://crm.example/hook";
  }
  return parsed.protocol === "http:" || parsed.protocol === "https:" ? null : "must start with http:// or https://";
}

function documentProblem(text: string, mimeType: MimeType): string | null {
  if (mimeType === "application/json") {
    try {
      JSON.parse(text);
      return null;
    } catch (err) {
      return `is not valid JSON: ${(err as Error).message}`;
    }
  }
  const problem = xmlProblem(text);
  return problem === null ? null : `is not well-formed XML: ${problem}`;
}

function checkHeaderTemplates(text: string, path: string, problems: SettingsProblem[]): void {
  for (const { name, value } of parseHeaderLines(text).headers) {
    const problem = templateProblem(value);
    if (problem) problems.push({ path, message: `${name}: ${problem}` });
  }
}

interface Sample {
  view: Record<string, unknown>;
  description: string;
}

/**
 * The events a webhook's templates must render for: a realistic one of the first type it
 * takes, and the same with every data field empty, as the box sends a field it has no
 * value for: `{"price": {{ticket_price}}}` would then not be JSON.
 */
function samplesFor(s: WebhookSettings, now: Date): Sample[] {
  const type = sampleTypeFor(s.events);
  const full = sampleEvent(type, now);
  return [
    { view: templateView(full), description: `a sample ${type} event` },
    {
      view: templateView({ ...full, ticketId: "", data: {} }),
      description: `a ${type} event whose data fields are all empty (quote a placeholder: "{{ticket_price}}")`,
    },
  ];
}

/** A body template must not be there for GET, must parse, and must render to a valid document. */
function checkBodyTemplate(
  request: { body: string; method: string; mimeType: MimeType; path: string; otherMethods: string },
  samples: Sample[],
  problems: SettingsProblem[],
): void {
  const { body, method, mimeType, path } = request;
  if (body.trim() === "") return;
  if (method === "GET") {
    problems.push({ path, message: `a GET request sends no body: clear the body, or choose ${request.otherMethods}` });
    return;
  }
  const template = templateProblem(body);
  if (template) return void problems.push({ path, message: template });
  for (const sample of samples) {
    const problem = documentProblem(renderTemplate(body, sample.view, BODY_ESCAPERS[mimeType]), mimeType);
    if (problem) return void problems.push({ path, message: `rendered with ${sample.description}, the body ${problem}` });
  }
}

function checkRequest(s: WebhookSettings, now: Date, problems: SettingsProblem[]): void {
  const samples = samplesFor(s, now);
  const urlProblem =
    templateProblem(s.url) ??
    samples.map((sample) => absoluteHttpUrlProblem(renderTemplate(s.url, sample.view, escapeUrl))).find((p) => p !== null);
  if (urlProblem) problems.push({ path: "url", message: urlProblem });
  checkHeaderTemplates(s.headers, "headers", problems);
  checkBodyTemplate(
    { body: s.body, method: s.method, mimeType: s.body_mime_type, path: "body", otherMethods: "POST, PUT or DELETE" },
    samples,
    problems,
  );
}

function checkAuth(s: WebhookSettings, problems: SettingsProblem[]): void {
  const auth = s.auth;
  const missing = (field: string, what: string) =>
    problems.push({ path: `auth.${field}`, message: `${what} is required for ${auth.type} authentication` });
  if (auth.type === "none") return;
  if (auth.username.trim() === "" && auth.type === "basic") missing("username", "a username");
  if (auth.password === "" && auth.type === "basic") missing("password", "a password");
  if (auth.type !== "token") return;

  if (auth.url === "") missing("url", "an authentication URL");
  else {
    const problem = absoluteHttpUrlProblem(auth.url);
    if (problem) problems.push({ path: "auth.url", message: problem });
  }
  if (auth.token_field === "") missing("token_field", "the token field");
  else if (!TOKEN_FIELD.test(auth.token_field)) {
    problems.push({ path: "auth.token_field", message: "must be a dot path such as auth_token or auth.token" });
  }
  checkHeaderTemplates(auth.headers, "auth.headers", problems);
  checkBodyTemplate(
    { body: auth.body, method: auth.method, mimeType: auth.body_mime_type, path: "auth.body", otherMethods: "POST" },
    [{ view: { username: "sample-user", password: "sample-password" }, description: "a sample username and password" }],
    problems,
  );
}

/**
 * The rules that span fields: URL and templates render with a sample event to a valid
 * URL, JSON or XML; GET sends no body; each authentication type has its required fields.
 */
export function settingsProblems(settings: WebhookSettings, now: Date): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  checkRequest(settings, now, problems);
  checkAuth(settings, problems);
  return problems;
}
