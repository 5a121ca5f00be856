import { z } from "@hono/zod-openapi";

export const ErrorResponseSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "validation_failed" }),
      message: z.string().openapi({ example: "url: must start with http:// or https://" }),
      issues: z.array(z.object({ path: z.string(), message: z.string() })),
    }),
  })
  .openapi("Error");

export function jsonContent<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } };
}

const ERROR_DESCRIPTIONS = {
  400: "Malformed request",
  401: "Missing or wrong admin token",
  404: "Not found",
  409: "Conflict",
  413: "Request body too large",
  415: "Request body is not JSON",
  422: "Invalid fields (each named in issues)",
} as const;

/** The error responses a route documents, all in the one error shape. */
export function errorResponses(...statuses: (keyof typeof ERROR_DESCRIPTIONS)[]) {
  return Object.fromEntries(
    [401, ...statuses].map((s) => [s, jsonContent(ErrorResponseSchema, ERROR_DESCRIPTIONS[s as keyof typeof ERROR_DESCRIPTIONS])]),
  );
}

/** Ids in paths are positive integers; anything else names nothing, so it is a 404. */
export const IdParamsSchema = z.object({ id: z.string().openapi({ param: { name: "id", in: "path" }, example: "1" }) });
