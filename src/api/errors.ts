import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ZodError } from "zod";
import { storageFailure } from "../db/storage-errors.ts";
import type { Logger } from "../logger.ts";
import { SecretKeyUnusableError } from "../security/secret-box.ts";

/** A problem with one field of the request, `path` in dot notation (`auth.url`, `events.2`). */
export interface ErrorIssue {
  path: string;
  message: string;
}

const STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  rate_limited: 429,
  internal_error: 500,
  unavailable: 503,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof STATUS;

/** The one error the API throws; `onError` turns it into the error shape. */
export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues: ErrorIssue[] = [],
  ) {
    super(message);
    this.name = "ApiError";
    this.status = STATUS[code];
  }
}

/** The JSON body every error response has. */
export function errorBody(code: ErrorCode, message: string, issues: ErrorIssue[] = []) {
  return { error: { code, message, issues } };
}

/** One issue per field; an unknown field is named by its own path, not its parent's. */
export function issuesFromZod(error: ZodError): ErrorIssue[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String);
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ path: [...path, key].join("."), message: "is not a known field" }));
    }
    return [{ path: path.join("."), message: issue.message }];
  });
}

/** 422 naming every invalid field; the message names the first so a person sees it at once. */
export function validationError(error: ZodError): ApiError {
  const issues = issuesFromZod(error);
  const first = issues[0];
  const message = first ? `${first.path || "body"}: ${first.message}` : "The request is not valid";
  return new ApiError("validation_failed", message, issues);
}

function codeForStatus(status: number): ErrorCode {
  const match = Object.entries(STATUS).find(([, s]) => s === status);
  return (match?.[0] as ErrorCode | undefined) ?? (status >= 500 ? "internal_error" : "bad_request");
}

/**
 * The app's `onError`: known errors keep their status and message; a secret that cannot
 * be stored (secret.key unusable) is a 409 saying so; a database that is
 * locked, read-only or full is a 503 the client may retry (nothing was stored); anything
 * else is logged with its stack and answered with a 500 that reveals nothing internal.
 */
export function errorHandler(logger: Logger) {
  return function handleError(err: Error, c: Context) {
    // RFC 9110: a 401 names the scheme to authenticate with; the API's is a bearer token
    if ((err instanceof ApiError || err instanceof HTTPException) && err.status === 401) c.header("WWW-Authenticate", "Bearer");
    if (err instanceof ApiError) {
      return c.json(errorBody(err.code, err.message, err.issues), err.status);
    }
    if (err instanceof HTTPException) {
      const status = err.status as ContentfulStatusCode;
      return c.json(errorBody(codeForStatus(status), err.message || "Request failed"), status);
    }
    if (err instanceof SecretKeyUnusableError) return c.json(errorBody("conflict", err.message), 409);
    const storage = storageFailure(err);
    if (storage) {
      logger.error("database unavailable", { method: c.req.method, path: c.req.path, err });
      return c.json(errorBody("unavailable", storage), 503, { "Retry-After": "5" });
    }
    logger.error("unhandled error", { method: c.req.method, path: c.req.path, err });
    return c.json(errorBody("internal_error", "Internal server error"), 500);
  };
}
