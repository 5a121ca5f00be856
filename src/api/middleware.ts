import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { timingSafeEqual } from "hono/utils/buffer";
import type { Peer } from "../runtime.ts";
import { matchedRoutes } from "hono/route";
import type { TokenCheck } from "../security/api-tokens.ts";
import { grants, scopeForRoute } from "../security/scopes.ts";
import type { SignInLimiter } from "../security/sign-in-limiter.ts";
import { ApiError, errorBody } from "./errors.ts";

const MISSING_TOKEN = "Missing token: send the header 'Authorization: Bearer <admin or API token>'";

/** API tokens with scopes (security/api-tokens.ts), checked after the fixed tokens. */
export interface ScopedTokens {
  check(token: string, now: Date): Promise<TokenCheck>;
  now: () => Date;
}

/**
 * Requires `Authorization: Bearer <token>` with one of `tokens`, or else (given `scoped`)
 * an API token holding the scope the matched route needs (security/scopes.ts): one
 * without it is a 403 naming that scope. The comparison with `tokens` hashes both sides
 * first (hono's `timingSafeEqual`), so its time says nothing about a token.
 * A valid token passes before `signIns` is asked, from any address, refused or not;
 * each wrong one counts against the peer's address, and past the limit is answered 429.
 * A request with no Authorization header at all is not counted: a plain `curl` or a
 * page that has not signed in yet guesses nothing, and its 401 reveals nothing.
 */
export function bearerAuth(options: { tokens: string[]; signIns: SignInLimiter; scoped?: ScopedTokens }): MiddlewareHandler {
  const { scoped } = options;
  return async function requireToken(c, next) {
    const header = c.req.header("Authorization");
    if (header === undefined) throw new ApiError("unauthorized", MISSING_TOKEN);
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match && (await isOneOf(match[1]!, options.tokens))) return next();
    const check = match && scoped ? await scoped.check(match[1]!, scoped.now()) : ({ kind: "unknown" } as const);
    if (check.kind === "valid") {
      const route = matchedRoutes(c).find((r) => r.method !== "ALL");
      // no route: the 404 that follows tells nothing a token's scope guards
      const needed = route ? scopeForRoute(c.req.method, route.path) : null;
      if (needed && !grants(check.scopes, needed)) {
        throw new ApiError("forbidden", `This token lacks the scope '${needed}' that ${c.req.method} ${route!.path} needs`);
      }
      return next();
    }
    const verdict = options.signIns.failed((c.env as { peer?: Peer } | undefined)?.peer?.address);
    if (verdict.kind === "refused") {
      const seconds = verdict.retryAfterSeconds;
      c.header("Retry-After", String(seconds));
      throw new ApiError("rate_limited", `Too many failed sign-ins from this address; try again in ${seconds} s`);
    }
    throw new ApiError("unauthorized", match ? "The token is not valid" : MISSING_TOKEN);
  };
}

/** Compares with every token, so the time taken does not say which one matched. */
async function isOneOf(given: string, tokens: string[]): Promise<boolean> {
  let valid = false;
  for (const token of tokens) valid = (await timingSafeEqual(given, token)) || valid;
  return valid;
}

/**
 * A HEAD is answered from the GET without its body, and the server would then state the
 * empty body's length (0): the GET's length is stated instead, as HTTP asks. Assets state
 * theirs already; an API answer is measured.
 */
export function headLength(): MiddlewareHandler {
  return async function stateGetLength(c, next) {
    await next();
    if (c.req.method !== "HEAD" || c.res.body === null || c.res.headers.has("Content-Length")) return;
    c.res.headers.set("Content-Length", String((await c.res.clone().arrayBuffer()).byteLength));
  };
}

/** Rejects request bodies over `maxBytes` with 413, declared or streamed. */
export function limitBodySize(options: { maxBytes: number }): MiddlewareHandler {
  return bodyLimit({
    maxSize: options.maxBytes,
    onError: (c) =>
      c.json(errorBody("payload_too_large", `The request body is larger than ${options.maxBytes} bytes`), 413),
  });
}

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;

/**
 * A request that carries a body must say it is JSON, in UTF-8. Without this, a `curl -d`
 * form body would reach the validators as an empty object and fail with misleading messages.
 */
export function requireJsonBody(): MiddlewareHandler {
  return async function checkContentType(c, next) {
    const hasBody = c.req.raw.body !== null && c.req.header("Content-Length") !== "0";
    if (hasBody) {
      const mediaType = (c.req.header("Content-Type") ?? "").split(";")[0]!.trim();
      if (!JSON_MEDIA_TYPE.test(mediaType)) {
        throw new ApiError(
          "unsupported_media_type",
          `The request body must be JSON: send 'Content-Type: application/json' (got '${mediaType || "none"}')`,
        );
      }
      // JSON is UTF-8: decoded leniently, a broken byte would be stored as U+FFFD, a
      // value other than the one sent (the body read here is the one the route reads)
      try {
        STRICT_UTF8.decode(await c.req.arrayBuffer());
      } catch {
        throw new ApiError("bad_request", "The request body is not valid UTF-8");
      }
    }
    await next();
  };
}

const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true });

/**
 * For a route that takes no body: none, or `{}`, passes; anything else is refused rather
 * than silently ignored (a malformed body must not still copy, delete or resend).
 */
export function takesNoBody(): MiddlewareHandler {
  return async function rejectBody(c, next) {
    const text = c.req.raw.body === null ? "" : await c.req.text();
    if (text.trim() !== "") {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        throw new ApiError("bad_request", "The request body is not valid JSON (this route takes none)");
      }
      const fields = value !== null && typeof value === "object" && !Array.isArray(value) ? Object.keys(value) : null;
      if (fields === null || fields.length > 0) {
        const issues = (fields ?? [""]).map((path) => ({ path, message: path ? "is not a known field" : "expected no body, or {}" }));
        throw new ApiError("validation_failed", "This route takes no body: send none, or {}", issues);
      }
    }
    await next();
  };
}
