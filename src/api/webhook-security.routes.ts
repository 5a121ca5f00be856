import { createRoute, z } from "@hono/zod-openapi";
import type { TokenCache } from "../delivery/auth/token-cache.ts";
import { AuthError } from "../delivery/auth/token-request.ts";
import { clientTls } from "../delivery/client-tls.ts";
import { newSigningSecret } from "../delivery/signing.ts";
import type { SettingsRepository } from "../settings/repository.ts";
import { AUTH_TYPES } from "../db/webhook-choices.ts";
import type { WebhookRepository } from "../webhooks/repository.ts";
import { ApiError } from "./errors.ts";
import { takesNoBody } from "./middleware.ts";
import { errorResponses, jsonContent, WebhookIdParamsSchema } from "./openapi-common.ts";
import { createRouter } from "./router.ts";
import { loadWebhook, webhookNotFound } from "./webhook-route-helpers.ts";

const tags = ["webhooks"];
/** After a rotation the old secret is still signed with for this long, so receivers can switch over. */
export const ROTATION_OVERLAP_MS = 24 * 3_600_000;

const AuthTestSchema = z
  .object({
    ok: z.boolean(),
    type: z.enum(AUTH_TYPES).exclude(["none"]),
    message: z.string(),
    token: z.string().optional().openapi({ description: "Always redacted" }),
    token_length: z.number().int().optional(),
    expires_at: z.string().optional(),
    error: z.string().optional(),
  })
  .openapi("AuthTestResult");

const routes = {
  rotate: createRoute({
    method: "post", path: "/webhooks/{id}/signing-secret", operationId: "rotateSigningSecret", tags,
    summary: "Create or rotate the signing secret (shown only in this answer); the old one keeps signing for 24 h",
    request: { params: WebhookIdParamsSchema },
    middleware: [takesNoBody()],
    responses: { 201: jsonContent(z.object({ signing_secret: z.string() }), "The new secret"), ...errorResponses(400, 404, 409, 415, 422) },
  }),
  clear: createRoute({
    method: "delete", path: "/webhooks/{id}/signing-secret", operationId: "deleteSigningSecret", tags, summary: "Turn signing off",
    request: { params: WebhookIdParamsSchema },
    middleware: [takesNoBody()],
    responses: { 204: { description: "Signing is off" }, ...errorResponses(400, 404, 415, 422) },
  }),
  testAuth: createRoute({
    method: "post", path: "/webhooks/{id}/auth/test", operationId: "testWebhookAuth", tags, summary: "Run the authentication step alone and report the outcome",
    request: { params: WebhookIdParamsSchema },
    middleware: [takesNoBody()],
    responses: { 200: jsonContent(AuthTestSchema, "The outcome (ok or the precise error)"), ...errorResponses(400, 404, 409, 415, 422) },
  }),
};

export interface WebhookSecurityDeps {
  webhooks: WebhookRepository;
  settings: SettingsRepository;
  tokens: TokenCache;
  now: () => Date;
  onChanged: () => void;
}

export function webhookSecurityRoutes({ webhooks, settings, tokens, now, onChanged }: WebhookSecurityDeps) {
  return createRouter()
    .openapi(routes.rotate, async (c) => {
      const { id } = c.req.valid("param");
      const secret = newSigningSecret();
      const at = now();
      if (!(await webhooks.rotateSigningSecret(id, secret, at, new Date(at.getTime() + ROTATION_OVERLAP_MS)))) throw webhookNotFound(id);
      onChanged();
      return c.json({ signing_secret: secret }, 201);
    })
    .openapi(routes.clear, async (c) => {
      const { id } = c.req.valid("param");
      if (!(await webhooks.clearSigningSecrets(id, now()))) throw webhookNotFound(id);
      onChanged();
      return c.body(null, 204);
    })
    .openapi(routes.testAuth, async (c) => {
      const webhook = await loadWebhook(webhooks, c.req.valid("param").id);
      const { id, auth } = webhook;
      if (auth.type === "none") throw new ApiError("conflict", "This webhook has no authentication to test");
      if (auth.type === "basic") {
        return c.json({ ok: true, type: "basic" as const, message: "Basic authentication sends the username and password with every request; there is no separate step" }, 200);
      }
      const timeoutMs = (await settings.get()).request_timeout_seconds * 1000;
      try {
        const { token, expiresAt } = await tokens.fetchNew(id, auth, timeoutMs, clientTls(webhook.tls));
        return c.json(
          {
            ok: true,
            type: "token" as const,
            message: `Got a token from ${auth.url}`,
            token: "[redacted]",
            token_length: token.length,
            expires_at: new Date(expiresAt).toISOString(),
          },
          200,
        );
      } catch (err) {
        if (!(err instanceof AuthError)) throw err;
        return c.json({ ok: false, type: "token" as const, message: "Authentication failed", error: err.message }, 200);
      }
    });
}
