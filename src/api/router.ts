import { OpenAPIHono } from "@hono/zod-openapi";
import { ApiError, validationError } from "./errors.ts";

/**
 * A router whose request validation failures become the API's error shape: a path
 * parameter that does not parse names nothing (404), anything else is a 422.
 */
export function createRouter() {
  return new OpenAPIHono({
    defaultHook: (result) => {
      if (result.success) return;
      if (result.target === "param") throw new ApiError("not_found", result.error.issues[0]?.message ?? "Not found");
      throw validationError(result.error);
    },
  });
}
