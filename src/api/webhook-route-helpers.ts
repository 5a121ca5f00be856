import { settingsProblems, type SettingsProblem, type StoredSettings } from "../delivery/settings-checks.ts";
import type { WebhookSettings } from "../webhooks/model.ts";
import type { WebhookRepository } from "../webhooks/repository.ts";
import { ApiError } from "./errors.ts";

/** What the routes of webhooks and their previews need, shared by their route files. */
export interface WebhookRouteDeps {
  webhooks: WebhookRepository;
  now: () => Date;
  /** The dispatcher sees changed webhooks at its next pass; this makes that pass now. */
  onChanged: () => void;
}

export function webhookNotFound(id: number): ApiError {
  return new ApiError("not_found", `No webhook with id ${id}`);
}

/** The webhook an id names; 404 when it names none. */
export async function loadWebhook(webhooks: WebhookRepository, id: number) {
  const webhook = await webhooks.get(id);
  if (!webhook) throw webhookNotFound(id);
  return webhook;
}

/** The value at a problem's dot path (`auth.url`, `events.0`). */
function valueAt(settings: WebhookSettings, path: string): unknown {
  return path.split(".").reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], settings);
}

/**
 * What a change (`stored`: the webhook it changes) breaks of the rules spanning fields. What
 * the stored webhook breaks already (a rule newer than it) does not stand in the way of a
 * change that leaves that setting as it is, switching it off above all; a setting the
 * change touches must pass every rule.
 */
export function changeProblems(settings: WebhookSettings, now: Date, stored?: StoredSettings): SettingsProblem[] {
  const key = (p: { path: string; message: string }) => `${p.path}\n${p.message}`;
  const known = new Set(stored ? settingsProblems(stored, now).map(key) : []);
  const unchanged = (path: string) => stored !== undefined && JSON.stringify(valueAt(settings, path)) === JSON.stringify(valueAt(stored, path));
  return settingsProblems(settings, now, stored).filter((p) => !(known.has(key(p)) && unchanged(p.path)));
}

/** The settings, if valid, else a 422 naming every setting that breaks a rule spanning fields; `stored`: the webhook they change. */
export function assertValidSettings(settings: WebhookSettings, now: Date, stored?: StoredSettings): WebhookSettings {
  const problems = changeProblems(settings, now, stored);
  if (problems.length > 0) {
    throw new ApiError("validation_failed", `${problems[0]!.path}: ${problems[0]!.message}`, problems);
  }
  return settings;
}
