import Mustache from "mustache";
import { XMLBuilder } from "fast-xml-parser";
import type { WebhookEvent } from "../events/event.ts";
import type { MimeType, WebhookSettings } from "../webhooks/model.ts";
import { parseHeaderLines } from "../webhooks/header-lines.ts";
import { USER_AGENT } from "../version.ts";
import { escapeJson, escapeUrl, escapeXml, headerValue, type Escaper } from "./escape.ts";
import { eventDocument, templateView } from "./template-view.ts";

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
Mustache.templateCache = {
  get(key) {
    const parsed = parsedTemplates.get(key);
    if (parsed !== undefined) {
      parsedTemplates.delete(key);
      parsedTemplates.set(key, parsed);
    }
    return parsed;
  },
  set(key, parsed) {
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

/** Renders a mustache template, escaping every `{{value}}` for where it lands. */
export function renderTemplate(template: string, view: Record<string, unknown>, escape: Escaper): string {
  return Mustache.render(template, view, undefined, { escape });
}

export const BODY_ESCAPERS: Record<MimeType, Escaper> = { "application/json": escapeJson, "application/xml": escapeXml };

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
 * Header lines rendered, later lines overriding earlier ones of the same name
 * (case-insensitive). Each value is made safe whole, its placeholders with it.
 */
export function renderHeaderLines(text: string, view: Record<string, unknown>, into: Headers): void {
  for (const { name, value } of parseHeaderLines(text).headers) {
    into.set(name, headerValue(renderTemplate(value, view, String)));
  }
}

/** Each event's default body per mime type, made once for all the webhooks it goes to; gone with the event. */
const defaultBodies = new WeakMap<WebhookEvent, Partial<Record<MimeType, string>>>();

function defaultBody(event: WebhookEvent, mimeType: MimeType): string {
  let bodies = defaultBodies.get(event);
  if (!bodies) defaultBodies.set(event, (bodies = {}));
  return (bodies[mimeType] ??= serialise(eventDocument(event), mimeType, "event"));
}

/**
 * The request for `event`: the template rendered with escaping for each place (body by
 * mime type, URL percent-encoded, header values made safe ASCII), then
 * `Content-Type` (unless configured), `User-Agent` and `Webhook-Id`.
 */
export function renderRequest(webhook: WebhookSettings, event: WebhookEvent): RenderedRequest {
  const view = templateView(event);
  const headers = new Headers();
  renderHeaderLines(webhook.headers, view, headers);
  let body: string | null = null;
  if (webhook.method !== "GET") {
    body =
      webhook.body.trim() === ""
        ? defaultBody(event, webhook.body_mime_type)
        : renderTemplate(webhook.body, view, BODY_ESCAPERS[webhook.body_mime_type]);
    if (!headers.has("Content-Type")) headers.set("Content-Type", webhook.body_mime_type);
  }
  headers.set("User-Agent", USER_AGENT);
  headers.set("Webhook-Id", event.uuid);
  return {
    method: webhook.method,
    url: renderTemplate(webhook.url, view, escapeUrl),
    headers: Object.fromEntries(headers),
    body,
  };
}
