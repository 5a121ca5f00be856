import { XMLParser } from "fast-xml-parser";
import type { AuthSettings } from "../../webhooks/model.ts";
import { toBase64 } from "../../base64.ts";
import { errorMessage } from "../../error-message.ts";
import { headerValue } from "../escape.ts";
import { renderBody, renderHeaderLines, renderUrl, serialise, type RenderedRequest } from "../render.ts";
import type { ClientTls } from "../client-tls.ts";
import type { HttpClient } from "../response-body.ts";
import { sendRequest } from "../http-request.ts";
import { valueAtPath } from "./token-path.ts";

/** Why no token could be had; the message goes to the event log as it is, so it never holds a secret. */
export class AuthError extends Error {
  override name = "AuthError";
}

/** The most of an auth response that is read: a token endpoint has no reason to send more. */
const MAX_AUTH_RESPONSE = 1024 * 1024;

/** `Authorization: Basic …` of the username and password, UTF-8 encoded as RFC 7617 recommends. */
export function basicAuthorization(username: string, password: string): string {
  return `Basic ${toBase64(new TextEncoder().encode(`${username}:${password}`))}`;
}

/**
 * The body when the template is empty: `{"username","password"}` (XML: `<auth>`), or as a
 * form an OAuth 2.0 client credentials grant (RFC 6749, 4.4), the username the client id
 * and the password its secret.
 */
function defaultAuthBody(auth: AuthSettings): string {
  const { username, password } = auth;
  if (auth.body_mime_type === "application/x-www-form-urlencoded") {
    return new URLSearchParams({ grant_type: "client_credentials", client_id: username, client_secret: password }).toString();
  }
  return serialise({ username, password }, auth.body_mime_type, "auth");
}

/**
 * The request to the auth URL: its URL a template too, values percent-encoded as in the
 * webhook URL; the auth body template with `{{username}}` and `{{password}}` escaped for
 * its mime type (form-encoded in a form), or the default body when the template is
 * empty; GET sends no body.
 */
export function renderAuthRequest(auth: AuthSettings): RenderedRequest {
  const view = { username: auth.username, password: auth.password };
  const headers: Record<string, string> = { accept: "application/json, application/xml;q=0.9" };
  renderHeaderLines(auth.headers, view, headers);
  let body: string | null = null;
  if (auth.method !== "GET") {
    body = auth.body.trim() === "" ? defaultAuthBody(auth) : renderBody(auth.body, view, auth.body_mime_type);
    headers["content-type"] ??= auth.body_mime_type;
  }
  const url = renderUrl(auth.url, view);
  return { method: auth.method, url, headers, body };
}

const xmlParser = new XMLParser({ parseTagValue: false, ignoreAttributes: false, htmlEntities: true });

function parseResponse(text: string, contentType: string): unknown {
  const looksXml = /xml/i.test(contentType) || (!/json/i.test(contentType) && text.trimStart().startsWith("<"));
  if (looksXml) {
    return xmlParser.parse(text, true) as unknown;
  }
  return JSON.parse(text);
}

/** A token, and how many seconds it lives when the answer says so. */
export interface FetchedToken {
  token: string;
  lifetimeSeconds: number | null;
}

/**
 * `expires_in` beside the token field (OAuth 2.0 answers `access_token` and `expires_in`;
 * `data.token` has it at `data.expires_in`): seconds, as a number or numeric text.
 */
function lifetimeBeside(document: unknown, tokenField: string): number | null {
  const value = valueAtPath(document, [...tokenField.split(".").slice(0, -1), "expires_in"].join("."));
  const seconds = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
}

/**
 * Asks the auth URL for a token and reads it at `token_field`, with `expires_in` beside
 * it. Every failure is an AuthError naming what went wrong and where ("token field
 * auth.token not found in response from https://…").
 */
export async function fetchToken(
  auth: AuthSettings,
  options: { http: HttpClient; timeoutMs: number; now: () => number; tls?: ClientTls },
): Promise<FetchedToken> {
  let request: RenderedRequest;
  try {
    request = renderAuthRequest(auth);
  } catch (err) {
    throw new AuthError(`the authentication request could not be built: ${errorMessage(err)}`);
  }
  // the template, not the rendered URL, which may hold the password: messages go to the log
  const from = `from ${auth.url}`;
  const result = await sendRequest(request, { ...options, maxBodyBytes: MAX_AUTH_RESPONSE });
  if (result.kind === "error") throw new AuthError(`authentication request to ${auth.url} failed: ${result.error}`);
  if (result.status < 200 || result.status >= 300) {
    throw new AuthError(`authentication ${from} answered HTTP ${result.status}${result.statusText ? ` ${result.statusText}` : ""}`);
  }
  // a token answer cut short could still parse (an XML prefix does): it is refused whole
  if (result.bodyTruncated) throw new AuthError(`the response ${from} exceeds ${MAX_AUTH_RESPONSE / 1024 / 1024} MiB`);
  let document: unknown;
  try {
    document = parseResponse(result.body ?? "", result.headers["content-type"] ?? "");
  } catch {
    throw new AuthError(`the response ${from} is neither JSON nor XML`);
  }
  const value = valueAtPath(document, auth.token_field);
  if (value === undefined || value === null) throw new AuthError(`token field ${auth.token_field} not found in response ${from}`);
  if (typeof value !== "string" && typeof value !== "number") {
    throw new AuthError(`token field ${auth.token_field} in the response ${from} is not a string`);
  }
  const token = headerValue(String(value)).trim();
  if (token === "") throw new AuthError(`token field ${auth.token_field} is empty in response ${from}`);
  return { token, lifetimeSeconds: lifetimeBeside(document, auth.token_field) };
}
