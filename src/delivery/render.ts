import Mustache from "mustache";
import { XMLBuilder } from "fast-xml-parser";
import type { WebhookEvent } from "../events/event.ts";
import type { AuthMimeType, MimeType, WebhookSettings } from "../webhooks/model.ts";
import { parseHeaderLines } from "../webhooks/header-lines.ts";
import { USER_AGENT } from "../version.ts";
import { escapeForm, escapeJson, escapeUrl, escapeXml, headerValue, type Escaper } from "./escape.ts";
import { eventDocument, templateView } from "./template-view.ts";
import { documentProblem } from "../webhooks/document-problem.ts";
import { errorMessage } from "../error-message.ts";

/** The HTTP request a webhook sends for an event, before authentication and signing. */
export interface RenderedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** null for GET, which sends no body. */
  body: string | null;
}

/**
 * Parsed templates kept for reuse, the least recently used dropped beyond the bound:
 * mustache's own cache keeps every template it ever parsed, and each preview while an
 * admin types is a new one, which would fill the box's memory in an afternoon. Bounded
 * by their size (a parse takes memory in proportion), roomy enough that every webhook's
 * templates stay parsed, however many there are, as deliveries go round them in turn.
 */
const MAX_PARSED_CHARS = 1_000_000;
const parsedTemplates = new Map<string, string>();
let parsedChars = 0;
const templateCache = {
  get(key: string) {
    const parsed = parsedTemplates.get(key);
    if (parsed !== undefined) {
      parsedTemplates.delete(key);
      parsedTemplates.set(key, parsed);
    }
    return parsed;
  },
  set(key: string, parsed: string) {
    if (!parsedTemplates.has(key)) parsedChars += key.length;
    parsedTemplates.set(key, parsed);
    for (const oldest of parsedTemplates.keys()) {
      if (parsedChars <= MAX_PARSED_CHARS) break;
      parsedTemplates.delete(oldest);
      parsedChars -= oldest.length;
    }
  },
  clear() {
    parsedTemplates.clear();
    parsedChars = 0;
  },
};

/** How much template text is kept parsed: bounded. */
export const parsedTemplateChars = () => parsedChars;

/** The most a render may produce, in bytes: sections over event data multiply, and three nested over 300 items make 27 million. */
export const RENDER_LIMITS = { body: 1024 * 1024, url: 8 * 1024, header: 8 * 1024 } as const;

/**
 * The most times a render may enter a section's content: sections nested over event data
 * may loop millions of times while writing nothing. A real template enters it hundreds of
 * times; this many take about 30 ms, and leave room for a body to reach its size limit.
 */
const MAX_RENDER_STEPS = 2_000_000;

/** A render went past its limit; it was stopped there. */
class RenderTooLarge extends Error {}

/** The writer passed its size limit (the message is made where the limit is known). */
class PastSizeLimit extends Error {}

const sizeText = (bytes: number) => (bytes >= 1024 * 1024 ? `${bytes / 1024 / 1024} MiB` : `${bytes / 1024} KiB`);

/** How a `{{{raw}}}` value is printed. */
export type Printer = (value: unknown) => string;

/**
 * Mustache's writer, counting what it writes: every output is the sum of its text,
 * `{{value}}` and `{{{raw}}}` pieces, so the render stops as soon as it passes the
 * limit, instead of after making it all. Renders are synchronous, so one writer serves all.
 */
class BoundedWriter extends Mustache.Writer {
  private left = Infinity;
  private steps = Infinity;
  private printRaw: Printer = String;

  renderBounded(template: string, view: Readonly<Record<string, unknown>>, escape: Escaper, raw: Printer, limit: number): string {
    this.left = limit;
    this.steps = MAX_RENDER_STEPS;
    this.printRaw = raw;
    try {
      return this.render(template, view, undefined, { escape });
    } finally {
      this.left = Infinity;
      this.steps = Infinity;
      this.printRaw = String;
    }
  }

  private counted(text: string): string {
    this.left -= text.length;
    if (this.left < 0) throw new PastSizeLimit();
    return text;
  }

  override renderTokens(tokens: string[][], context: Mustache.Context, partials?: Mustache.PartialsOrLookupFn, template?: string, config?: Mustache.RenderOptions): string {
    if (--this.steps < 0) throw new RenderTooLarge(`takes more than ${MAX_RENDER_STEPS.toLocaleString("en")} steps (sections nested over event data?)`);
    return super.renderTokens(tokens, context, partials, template, config);
  }

  override rawValue(token: string[]): string {
    return this.counted(super.rawValue(token));
  }

  override escapedValue(token: string[], context: Mustache.Context, config?: Mustache.RenderOptions): string {
    const value = super.escapedValue(token, context, config);
    return value === undefined ? value : this.counted(value);
  }

  override unescapedValue(token: string[], context: Mustache.Context): string {
    const value: unknown = super.unescapedValue(token, context);
    return value === undefined ? (value as undefined as never) : this.counted(this.printRaw(value));
  }
}

const writer = Object.assign(new BoundedWriter(), { templateCache });

/**
 * A template's tokens, parsed through the same bounded cache as rendering (mustache's
 * own `parse` would keep every template it ever saw). Throws on a template that does not parse.
 */
export function parseTemplate(template: string): unknown[] {
  return writer.parse(template) as unknown[];
}

/** Whether `text` takes more than `limit` bytes as UTF-8 (each UTF-16 unit takes 1 to 3). */
function exceedsBytes(text: string, limit: number): boolean {
  if (text.length > limit) return true;
  return text.length * 3 > limit && new TextEncoder().encode(text).length > limit;
}

/** Whether a template has a tag: one without is its own text, whatever the view. */
const hasTags = (template: string) => template.includes("{{");

/**
 * Renders a mustache template, escaping every `{{value}}` for where it lands and printing
 * every `{{{raw}}}` with `raw`. Throws RenderTooLarge past `limit` bytes (by default the
 * body's), or mustache's error for a template that cannot render with this view.
 */
export function renderTemplate(
  template: string,
  view: Readonly<Record<string, unknown>>,
  escape: Escaper,
  options: { raw?: Printer; limit?: number } = {},
): string {
  const limit = options.limit ?? RENDER_LIMITS.body;
  try {
    const text = hasTags(template) ? writer.renderBounded(template, view, escape, options.raw ?? String, limit) : template;
    if (!exceedsBytes(text, limit)) return text;
  } catch (err) {
    if (!(err instanceof PastSizeLimit)) throw err;
  }
  throw new RenderTooLarge(`exceeds ${sizeText(limit)}`);
}

const BODY_ESCAPERS: Record<AuthMimeType, Escaper> = {
  "application/json": escapeJson,
  "application/xml": escapeXml,
  "application/x-www-form-urlencoded": escapeForm,
};

// Element names must be XML names; event data may hold keys that are not (`1st`, `a b`).
function xmlName(key: string): string {
  const name = key.replace(/[^A-Za-z0-9_.-]/g, "_");
  return /^[A-Za-z_]/.test(name) && !/^xml/i.test(name) ? name : `_${name}`;
}

/** Keys made XML names, strings escaped here (the builder's own escaping is off: it would keep CR and LF literal). */
function xmlSafe(value: unknown): unknown {
  if (typeof value === "string") return escapeXml(value);
  // an array is the element repeated; an array inside it needs elements of its own, or its indexes would become names
  if (Array.isArray(value)) return value.map((v) => (Array.isArray(v) ? { item: xmlSafe(v) } : xmlSafe(v)));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [xmlName(k), xmlSafe(v)]));
  }
  return value;
}

const xmlBuilder = new XMLBuilder({ processEntities: false });

/** A JSON or XML document of a value: the body when no template is configured. */
export function serialise(value: Record<string, unknown>, mimeType: MimeType, rootElement: string): string {
  if (mimeType === "application/json") return JSON.stringify(value);
  return `<?xml version="1.0" encoding="UTF-8"?>${xmlBuilder.build({ [rootElement]: xmlSafe(value) })}`;
}

/**
 * In an XML body a raw object or array is printed as elements (`{{{event.data}}}` gives
 * `<room>101</room><guest>…</guest>`, keys made XML names), not as JSON text, which would
 * be text with `<` and `&` in it; any other raw value is printed as it is, at the template
 * author's risk, and the body is checked before it is sent.
 */
const printXmlRaw: Printer = (value) =>
  value !== null && typeof value === "object" ? xmlBuilder.build(Array.isArray(value) ? { item: xmlSafe(value) } : xmlSafe(value)) : String(value);

const BODY_RAW: Record<AuthMimeType, Printer> = { "application/json": String, "application/xml": printXmlRaw, "application/x-www-form-urlencoded": String };

/** A body template rendered for its mime type: values escaped, raw objects as JSON or as XML elements. */
/** A URL template, values percent-encoded, at most 8 KiB: the webhook's and the token request's alike. */
export function renderUrl(template: string, view: Readonly<Record<string, unknown>>): string {
  return renderTemplate(template, view, escapeUrl, { limit: RENDER_LIMITS.url });
}

export function renderBody(template: string, view: Readonly<Record<string, unknown>>, mimeType: AuthMimeType): string {
  return renderTemplate(template, view, BODY_ESCAPERS[mimeType], { raw: BODY_RAW[mimeType] });
}

/**
 * Adds a header as fetch's Headers would: the name lower-cased, its value without
 * surrounding spaces, a repeated name's values joined into one field (`X-Multi: a, b`,
 * which HTTP defines as the same as two lines, RFC 9110, 5.3).
 */
function appendHeader(headers: Record<string, string>, name: string, value: string): void {
  const key = name.toLowerCase();
  const joined = Object.hasOwn(headers, key) ? `${headers[key]}, ${value.trim()}` : value.trim();
  // `__proto__` is a valid header name: assigned, it would set the prototype instead
  if (key === "__proto__") Object.defineProperty(headers, key, { value: joined, enumerable: true, writable: true, configurable: true });
  else headers[key] = joined;
}

/** Header lines rendered into `into` (names lower-cased); each value is made safe whole, its placeholders with it. */
export function renderHeaderLines(text: string, view: Readonly<Record<string, unknown>>, into: Record<string, string>): void {
  for (const { name, value } of parseHeaderLines(text).headers) {
    const safe = headerValue(renderTemplate(value, view, String, { limit: RENDER_LIMITS.header }));
    // percent-encoding what is beyond ASCII may make it up to nine times as long
    if (safe.length > RENDER_LIMITS.header) throw new RenderTooLarge(`exceeds ${sizeText(RENDER_LIMITS.header)}`);
    appendHeader(into, name, safe);
  }
}

/** Each event's default body per mime type, made once for all the webhooks it goes to; gone with the event. */
const defaultBodies = new WeakMap<WebhookEvent, Partial<Record<MimeType, string>>>();

function defaultBody(event: WebhookEvent, mimeType: MimeType): string {
  let bodies = defaultBodies.get(event);
  if (!bodies) defaultBodies.set(event, (bodies = {}));
  return (bodies[mimeType] ??= serialise(eventDocument(event), mimeType, "event"));
}

/** What a render without tags is given: it reads nothing. */
const NO_VIEW: Readonly<Record<string, unknown>> = Object.freeze({});

/** The request, or why it cannot be made for this event (it is then not sent, and retrying cannot help). */
export type RenderResult = { ok: true; request: RenderedRequest } | { ok: false; problem: string };

function rendered<T>(part: string, render: () => T): T {
  try {
    return render();
  } catch (err) {
    throw new RenderProblem(err instanceof RenderTooLarge ? `the rendered ${part} ${err.message}` : `the ${part} cannot be rendered: ${errorMessage(err)}`);
  }
}

class RenderProblem extends Error {}

/**
 * The request for `event`: the template rendered with escaping for each place (body by
 * mime type, URL percent-encoded, header values made safe ASCII), then
 * `Content-Type` (unless configured), `User-Agent` and `Webhook-Id`. Each part is bounded
 * (RENDER_LIMITS), and a templated body must be a valid document of its mime type: a
 * receiver would refuse it, or worse, read it wrong.
 */
export function renderRequest(webhook: WebhookSettings, event: WebhookEvent): RenderResult {
  // an event's view costs more to make than the rest of its render: only a template with tags reads it
  const view = [webhook.url, webhook.headers, webhook.body].some(hasTags) ? templateView(event) : NO_VIEW;
  const headers: Record<string, string> = {};
  try {
    rendered("header value", () => renderHeaderLines(webhook.headers, view, headers));
    let body: string | null = null;
    if (webhook.method !== "GET") {
      if (webhook.body.trim() === "") body = defaultBody(event, webhook.body_mime_type);
      else {
        body = rendered("body", () => renderBody(webhook.body, view, webhook.body_mime_type));
        const problem = documentProblem(body, webhook.body_mime_type);
        if (problem !== null) throw new RenderProblem(`the rendered body ${problem}`);
      }
      headers["content-type"] ??= webhook.body_mime_type;
    }
    const url = rendered("URL", () => renderUrl(webhook.url, view));
    headers["user-agent"] = USER_AGENT;
    headers["webhook-id"] = event.uuid;
    return { ok: true, request: { method: webhook.method, url, headers, body } };
  } catch (err) {
    if (err instanceof RenderProblem) return { ok: false, problem: err.message };
    throw err;
  }
}
