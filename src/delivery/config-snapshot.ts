import type { Settings } from "../settings/settings.ts";
import type { SettingsRepository } from "../settings/repository.ts";
import type { Webhook } from "../webhooks/model.ts";
import type { WebhookCache } from "../webhooks/webhook-cache.ts";

/** Settings and webhooks are read again at least this often (another instance's edits). */
const REREAD_MS = 1_000;

/**
 * The settings and webhooks the dispatcher works with, as last read. They are read again
 * on the passes that may find them changed: after a sleep (the read interval), when told,
 * and at least every second. Passes asked for by finished sends, the bulk of them under
 * load, reuse the last reading.
 */
export class ConfigSnapshot {
  settings: Settings | null = null;
  webhooks = new Map<number, Webhook>();
  private stale = true;
  private readAt = -Infinity;

  constructor(private readonly source: { settings: SettingsRepository; webhooks: WebhookCache }) {}

  /** The settings or webhooks may have changed: the next pass reads them. */
  markStale(): void {
    this.stale = true;
  }

  /** Reads both again if due (a clock set back counts as due); returns whether it did. */
  async readIfDue(now: number): Promise<boolean> {
    if (this.settings !== null && !this.stale && now - this.readAt < REREAD_MS && now >= this.readAt) return false;
    this.stale = false;
    this.readAt = now;
    this.settings = await this.source.settings.get();
    this.webhooks = await this.source.webhooks.all();
    return true;
  }
}
