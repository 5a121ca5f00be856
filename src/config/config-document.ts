import { z } from "zod";
import { AUTH_DEFAULTS } from "../db/webhook-choices.ts";
import { SettingsSchema, type Settings } from "../settings/settings.ts";
import { VERSION } from "../version.ts";
import type { Webhook, WebhookSettings } from "../webhooks/model.ts";
import { AuthInputSchema, TlsInputSchema, WebhookInputSchema, WebhookSettingsSchema } from "../webhooks/settings-schema.ts";
import { SealedSecretsSchema, type SealedSecrets } from "./passphrase-seal.ts";

export const CONFIG_FORMAT = 1;

/**
 * A webhook in the document: its settings as a client would POST them (what a later
 * version adds takes its default when an older document leaves it out), the password and
 * the TLS client key left out, and `id` only so the sealed secrets can say whose they are.
 */
const DocumentWebhookSchema = WebhookInputSchema.extend({
  id: z.number().int().positive().describe("A reference within the document (the sealed secrets name it), not the id it gets"),
  signing_enabled: z.boolean("must be true or false").default(false),
  auth: AuthInputSchema.omit({ password: true }).default({ type: AUTH_DEFAULTS.type }),
  tls: TlsInputSchema.omit({ client_key: true }).default({}),
}).meta({ id: "ConfigWebhook" });

/** The configuration as one document: GET /api/config, the export, the import. */
export const ConfigDocumentSchema = z
  .strictObject({
    format: z.literal(CONFIG_FORMAT, `must be ${CONFIG_FORMAT}: this version reads documents of format ${CONFIG_FORMAT}`),
    exported_at: z.string().optional(),
    service_version: z.string().optional(),
    settings: SettingsSchema.partial().describe("A setting left out keeps its value (merge) or takes its default (replace)"),
    webhooks: z.array(DocumentWebhookSchema, "must be a list of webhooks").max(1000, "must hold at most 1000 webhooks"),
    secrets: SealedSecretsSchema.optional().describe("Passwords, TLS client keys and signing secrets, sealed with the export's passphrase; absent from GET /api/config"),
  })
  .superRefine((doc, ctx) => {
    const seen = { names: new Set<string>(), ids: new Set<number>() };
    doc.webhooks.forEach((webhook, i) => {
      if (seen.names.has(webhook.name)) ctx.addIssue({ code: "custom", path: ["webhooks", i, "name"], message: "another webhook in the document has this name (webhooks are matched by name)" });
      if (seen.ids.has(webhook.id)) ctx.addIssue({ code: "custom", path: ["webhooks", i, "id"], message: "another webhook in the document has this id" });
      seen.names.add(webhook.name);
      seen.ids.add(webhook.id);
    });
  })
  .meta({ id: "ConfigDocument" });

export type ConfigDocument = z.infer<typeof ConfigDocumentSchema>;
export type DocumentWebhook = ConfigDocument["webhooks"][number];

/** A webhook's secrets in the sealed part, keyed by its id in the document. */
const WebhookSecretsSchema = z.strictObject({
  password: z.string().optional(),
  client_key: z.string().optional(),
  signing_secret: z.string().optional(),
  previous_signing_secret: z.string().optional(),
  previous_signing_secret_expires_at: z.number().int().optional(),
});

export const DocumentSecretsSchema = z.strictObject({ webhooks: z.record(z.string(), WebhookSecretsSchema) });

export type WebhookSecrets = z.infer<typeof WebhookSecretsSchema>;
export type DocumentSecrets = z.infer<typeof DocumentSecretsSchema>;

const SETTING_KEYS = Object.keys(WebhookSettingsSchema.shape) as (keyof WebhookSettings)[];

/** The document of the stored configuration, without secrets; `sealed`, when given, holds them. */
export function configDocument(settings: Settings, webhooks: Webhook[], now: Date, sealed?: SealedSecrets): ConfigDocument {
  return {
    format: CONFIG_FORMAT,
    exported_at: now.toISOString(),
    service_version: VERSION,
    settings,
    webhooks: webhooks.map((w) => {
      // every setting the one definition lists, so a new one is exported without a change here
      const settings = Object.fromEntries(SETTING_KEYS.map((key) => [key, w[key]])) as WebhookSettings;
      const { password: _secret, ...auth } = settings.auth;
      const { client_key: _key, ...tls } = settings.tls;
      return { id: w.id, ...settings, auth, tls, signing_enabled: w.signing_enabled };
    }),
    ...(sealed ? { secrets: sealed } : {}),
  };
}

/** The secrets a document's sealed part holds, per webhook; only those that are set. */
export function documentSecrets(webhooks: Webhook[]): DocumentSecrets {
  return {
    webhooks: Object.fromEntries(
      webhooks.map((w) => {
        const secrets: WebhookSecrets = {};
        if (w.auth.password !== "") secrets.password = w.auth.password;
        if (w.tls.client_key !== "") secrets.client_key = w.tls.client_key;
        if (w.signing.current !== null) secrets.signing_secret = w.signing.current;
        if (w.signing.previous !== null && w.signing.previous_expires_at !== null) {
          secrets.previous_signing_secret = w.signing.previous;
          secrets.previous_signing_secret_expires_at = w.signing.previous_expires_at;
        }
        return [String(w.id), secrets];
      }),
    ),
  };
}
