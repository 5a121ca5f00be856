import { sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { settings as settingsTable } from "../db/schema.ts";
import { DEFAULT_SETTINGS, SettingsSchema, type Settings } from "./settings.ts";

/**
 * Settings live in a key/value table so a new setting needs no migration. Stored values
 * are validated on the way out (another process or an older version may have written
 * them); an invalid one falls back to its default rather than stopping delivery.
 */
export class SettingsRepository {
  /** The last settings read, and the stored text they came from. */
  private cached: { text: string; settings: Settings } | null = null;

  constructor(private readonly db: Db) {}

  /**
   * Asked for on every ingest and dispatcher pass: one small query tells whether the
   * stored values changed (here or in another process) before they are parsed again.
   */
  async get(): Promise<Settings> {
    const row = await this.db.get<{ text: string }>(
      sql`SELECT coalesce(group_concat(key || '=' || value, char(10)), '') AS text FROM (SELECT key, value FROM settings ORDER BY key)`,
    );
    const text = String(row.text);
    if (this.cached?.text === text) return this.cached.settings;
    const settings = Object.freeze(await this.read());
    this.cached = { text, settings };
    return settings;
  }

  private async read(): Promise<Settings> {
    const rows = await this.db.select().from(settingsTable);
    const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS };
    for (const row of rows) {
      if (!(row.key in DEFAULT_SETTINGS)) continue;
      const parsed = SettingsSchema.shape[row.key as keyof Settings].safeParse(safeJson(row.value));
      if (parsed.success) merged[row.key] = parsed.data;
    }
    return merged as Settings;
  }

  async update(changes: Partial<Settings>, now: Date): Promise<Settings> {
    const statement = this.updateStatement(changes, now);
    if (statement) await statement;
    return this.get();
  }

  /** The statement that stores `changes`, for a batch with other writes; null when there are none. */
  updateStatement(changes: Partial<Settings>, now: Date) {
    const entries = Object.entries(changes).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return null;
    return this.db
      .insert(settingsTable)
      .values(entries.map(([key, value]) => ({ key, value: JSON.stringify(value), updatedAt: now.getTime() })))
      .onConflictDoUpdate({
        target: settingsTable.key,
        set: { value: sql`excluded.value`, updatedAt: sql`excluded.updated_at` },
      });
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
