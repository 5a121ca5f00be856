import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { timingSafeEqual } from "hono/utils/buffer";
import { ApiError, errorBody } from "./errors.ts";

/**
 * Requires `Authorization: Bearer <token>` with one of `tokens`. The comparison hashes
 * both sides first (hono's `timingSafeEqual`), so its time says nothing about a token.
 */
export function bearerAuth(options: { tokens: string[] }): MiddlewareHandler {
  return async function requireAdminToken(c, next) {
    const header = c.req.header("Authorization") ?? "";
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) {
      throw new ApiError("unauthorized", "Missing admin token: send the header 'Authorization: Bearer <admin token>'");
    }
    let valid = false;
    for (const token of options.tokens) valid = (await timingSafeEqual(match[1]!, token)) || valid;
    if (!valid) {
      throw new ApiError("unauthorized", "The admin token is not valid");
    }
    await next();
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
