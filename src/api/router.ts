import { OpenAPIHono } from "@hono/zod-openapi";
import { validationError } from "./errors.ts";

/** A router whose request validation failures become the API's 422 error shape. */
export function createRouter() {
  return new OpenAPIHono({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error);
    },
  });
}
