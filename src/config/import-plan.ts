import { settingsProblems } from "../delivery/settings-checks.ts";
import { DEFAULT_SETTINGS, type Settings } from "../settings/settings.ts";
import type { SigningSecrets, Webhook, WebhookSettings } from "../webhooks/model.ts";
import { settingsFromInput } from "../webhooks/settings-merge.ts";
import type { ConfigDocument, DocumentSecrets, DocumentWebhook, WebhookSecrets } from "./config-document.ts";

export type ImportMode = "merge" | "replace";

/** A webhook of the document as it will be stored: new, or over the stored one of its name. */
export interface PlannedWebhook {
  action: "add" | "change" | "unchanged";
  /** The stored webhook it replaces; null for a new one. */
  storedId: number | null;
  settings: WebhookSettings;
  signing: SigningSecrets;
  /** What an admin should know: a secret the document did not hold. */
  notes: string[];
}

export interface ImportPlan {
  settings: Settings;
  /** The settings whose value the import changes. */
  changedSettings: (keyof Settings)[];
  webhooks: PlannedWebhook[];
  /** Stored webhooks the document leaves out, removed by a replace. */
  removed: { id: number; name: string }[];
}

export interface ImportProblem {
  path: string;
  message: string;
}

export type PlanResult = { kind: "plan"; plan: ImportPlan } | { kind: "invalid"; problems: ImportProblem[] };

export interface ImportInput {
  document: ConfigDocument;
  /** The document's sealed secrets, opened (none when it held none). */
  secrets: DocumentSecrets;
  mode: ImportMode;
  stored: { webhooks: Webhook[]; settings: Settings };
  now: Date;
  newSigningSecret: () => string;
}

/**
 * What an import would do, or every problem that stops it (paths as in the request,
 * `document.webhooks.3.url`). Pure: nothing is written, so a dry run and the import
 * itself are the same plan. Webhooks are matched by name; a replace removes the rest.
 */
export function planImport(input: ImportInput): PlanResult {
  const { document, mode, stored, now } = input;
  const byName = new Map<string, Webhook>();
  for (const webhook of stored.webhooks) if (!byName.has(webhook.name)) byName.set(webhook.name, webhook);
  const problems: ImportProblem[] = [];
  const webhooks = document.webhooks.map((webhook, i) => {
    const existing = byName.get(webhook.name);
    const planned = planWebhook(webhook, input.secrets.webhooks[String(webhook.id)] ?? {}, existing, input.newSigningSecret);
    for (const p of settingsProblems(planned.settings, now, existing)) problems.push({ path: `document.webhooks.${i}.${p.path}`, message: p.message });
    return planned;
  });
  if (problems.length > 0) return { kind: "invalid", problems };

  const kept = new Set(webhooks.map((w) => w.storedId));
  const removed = mode === "replace" ? stored.webhooks.filter((w) => !kept.has(w.id)).map(({ id, name }) => ({ id, name })) : [];
  const settings: Settings = { ...(mode === "replace" ? DEFAULT_SETTINGS : stored.settings), ...definedOnly(document.settings) };
  const changedSettings = (Object.keys(settings) as (keyof Settings)[]).filter((key) => settings[key] !== stored.settings[key]);
  return { kind: "plan", plan: { settings, changedSettings, webhooks, removed } };
}

function planWebhook(webhook: DocumentWebhook, secrets: WebhookSecrets, existing: Webhook | undefined, newSigningSecret: () => string): PlannedWebhook {
  const { id: _reference, signing_enabled, auth, tls, ...rest } = webhook;
  // a password the document does not hold is the stored one's, while it goes to the same place;
  // a client key it does not hold, the stored one's while the certificate is set
  const settings = settingsFromInput({ ...rest, auth: { ...auth, password: secrets.password }, tls: { ...tls, client_key: secrets.client_key } }, existing);
  const notes: string[] = [];
  let signing: SigningSecrets = { current: null, previous: null, previous_expires_at: null };
  if (signing_enabled && secrets.signing_secret !== undefined) {
    signing = { current: secrets.signing_secret, previous: secrets.previous_signing_secret ?? null, previous_expires_at: secrets.previous_signing_secret_expires_at ?? null };
  } else if (signing_enabled && existing?.signing.current) {
    signing = existing.signing;
  } else if (signing_enabled) {
    signing = { ...signing, current: newSigningSecret() };
    notes.push("signs with a new secret, as the document holds none (exported without a passphrase): rotate it to see one");
  }
  if (!existing) return { action: "add", storedId: null, settings, signing, notes };
  const same = canonical({ settings, signing }) === canonical({ settings: pickSettings(existing, settings), signing: existing.signing });
  return { action: same ? "unchanged" : "change", storedId: existing.id, settings, signing, notes };
}

/** The stored webhook's values of the fields `like` has. */
function pickSettings(stored: Webhook, like: WebhookSettings): WebhookSettings {
  return Object.fromEntries(Object.keys(like).map((key) => [key, stored[key as keyof WebhookSettings]])) as WebhookSettings;
}

/** JSON with object keys sorted, to compare values built in different orders. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
