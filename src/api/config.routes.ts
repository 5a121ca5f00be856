import { createRoute, z } from "@hono/zod-openapi";
import { configDocument, ConfigDocumentSchema, documentSecrets, DocumentSecretsSchema, type ConfigDocument, type DocumentSecrets } from "../config/config-document.ts";
import { planImport, type ImportPlan } from "../config/import-plan.ts";
import { openWithPassphrase, sealWithPassphrase } from "../config/passphrase-seal.ts";
import { newSigningSecret } from "../delivery/signing.ts";
import type { SettingsRepository } from "../settings/repository.ts";
import type { WebhookRepository } from "../webhooks/repository.ts";
import { ApiError } from "./errors.ts";
import { errorResponses, jsonBody, jsonContent } from "./openapi-common.ts";
import { configExportExample, configImportExample } from "./request-examples.ts";
import { createRouter } from "./router.ts";

const tags = ["config"];

const passphrase = z.string().min(8, "must be at least 8 characters").max(1000, "must be at most 1000 characters");

export const ConfigExportInputSchema = z.strictObject({ passphrase }).openapi("ConfigExportInput");

export const ConfigImportInputSchema = z
  .strictObject({
    document: ConfigDocumentSchema,
    passphrase: z.string().max(1000, "must be at most 1000 characters").optional().openapi({ description: "The export's passphrase, when the document holds secrets" }),
    mode: z.enum(["merge", "replace"], "must be merge or replace").openapi({
      description: "merge: the document's webhooks are added, or change the stored one of their name; replace: the document becomes the configuration",
    }),
    dry_run: z.boolean("must be true or false").default(false).openapi({ description: "Only say what the import would do" }),
  })
  .openapi("ConfigImportInput");

const ImportSummarySchema = z
  .object({
    dry_run: z.boolean(),
    mode: z.enum(["merge", "replace"]),
    settings: z.object({ changed: z.array(z.string()) }),
    webhooks: z.array(
      z.object({
        name: z.string(),
        action: z.enum(["add", "change", "unchanged", "remove"]),
        id: z.number().int().nullable().openapi({ description: "The stored webhook's id; null for one the import adds" }),
        notes: z.array(z.string()),
      }),
    ),
  })
  .openapi("ConfigImportSummary");

const routes = {
  get: createRoute({
    method: "get", path: "/config", operationId: "getConfig", tags, summary: "The configuration as one document, without secrets",
    responses: { 200: jsonContent(ConfigDocumentSchema, "Settings and every webhook"), ...errorResponses() },
  }),
  export: createRoute({
    method: "post", path: "/config/export", operationId: "exportConfig", tags,
    summary: "The configuration with its secrets, sealed with a passphrase (a backup)",
    request: jsonBody(ConfigExportInputSchema, configExportExample),
    responses: { 200: jsonContent(ConfigDocumentSchema, "The document, secrets sealed"), ...errorResponses(400, 409, 413, 415, 422) },
  }),
  import: createRoute({
    method: "post", path: "/config/import", operationId: "importConfig", tags,
    summary: "Import a configuration document (checked whole first; one transaction)",
    request: jsonBody(ConfigImportInputSchema, configImportExample),
    responses: { 200: jsonContent(ImportSummarySchema, "What the import did, or would do"), ...errorResponses(400, 409, 413, 415, 422) },
  }),
};

export interface ConfigRouteDeps {
  webhooks: WebhookRepository;
  settings: SettingsRepository;
  now: () => Date;
  /** The dispatcher takes a changed configuration at its next pass; this makes that pass now. */
  onChanged: () => void;
}

export function configRoutes({ webhooks, settings, now, onChanged }: ConfigRouteDeps) {
  return createRouter()
    .openapi(routes.get, async (c) => c.json(configDocument(await settings.get(), await webhooks.list(), now()), 200))
    .openapi(routes.export, async (c) => {
      const stored = await webhooks.list();
      const sealed = await sealWithPassphrase(documentSecrets(stored), c.req.valid("json").passphrase);
      return c.json(configDocument(await settings.get(), stored, now(), sealed), 200);
    })
    .openapi(routes.import, async (c) => {
      const { document, passphrase, mode, dry_run } = c.req.valid("json");
      const result = planImport({
        document,
        secrets: await openSecrets(document, passphrase),
        mode,
        stored: { webhooks: await webhooks.list(), settings: await settings.get() },
        now: now(),
        newSigningSecret,
      });
      if (result.kind === "invalid") {
        const [first] = result.problems;
        throw new ApiError("validation_failed", `${first!.path}: ${first!.message}`, result.problems);
      }
      const { plan } = result;
      if (!dry_run) {
        const at = now();
        const settingsWrite = settings.updateStatement(plan.settings, at);
        await webhooks.storeAll(plan.webhooks.filter((w) => w.action !== "unchanged"), plan.removed.map((w) => w.id), at, settingsWrite ? [settingsWrite] : []);
        onChanged();
      }
      return c.json(summary(plan, mode, dry_run), 200);
    });
}

/** The document's sealed secrets, opened with the passphrase; a 422 at `passphrase` when it does not open them. */
async function openSecrets(document: ConfigDocument, passphrase: string | undefined): Promise<DocumentSecrets> {
  if (!document.secrets) return { webhooks: {} };
  if (passphrase === undefined || passphrase === "") {
    throw passphraseProblem("the document holds sealed secrets: give the passphrase it was exported with");
  }
  const opened = await openWithPassphrase(document.secrets, passphrase);
  if (opened.kind === "wrong_passphrase") throw passphraseProblem("does not open the document's secrets (or they were altered)");
  const secrets = DocumentSecretsSchema.safeParse(opened.value);
  if (!secrets.success) throw new ApiError("validation_failed", "document.secrets: not secrets this version can read", [{ path: "document.secrets", message: "not secrets this version can read" }]);
  return secrets.data;
}

function passphraseProblem(message: string): ApiError {
  return new ApiError("validation_failed", `passphrase: ${message}`, [{ path: "passphrase", message }]);
}

export type ImportSummary = z.infer<typeof ImportSummarySchema>;

function summary(plan: ImportPlan, mode: "merge" | "replace", dryRun: boolean): ImportSummary {
  return {
    dry_run: dryRun,
    mode,
    settings: { changed: plan.changedSettings },
    webhooks: [
      ...plan.webhooks.map((w) => ({ name: w.settings.name, action: w.action, id: w.storedId, notes: w.notes })),
      ...plan.removed.map((w) => ({ name: w.name, action: "remove" as const, id: w.id, notes: [] })),
    ],
  };
}
