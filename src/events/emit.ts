import { mkdir } from "node:fs/promises";
import { openDatabase } from "../db/client.ts";
import { applyMigrations } from "../db/migrate.ts";
import { migrations } from "../generated/migrations.ts";
import { EventStore, type AppendResult } from "./event-store.ts";
import { normaliseEvent, type EventInput } from "./schema.ts";

/**
 * Queues one event straight into the database, for the box's shell scripts: it works
 * while the service is down too, and the service sends it within one read interval.
 */
export async function emitEvent(
  target: { dbUrl: string; dbAuthToken?: string; dataDir: string },
  input: EventInput,
  now: Date,
): Promise<{ uuid: string; result: AppendResult }> {
  if (target.dbUrl.startsWith("file:")) await mkdir(target.dataDir, { recursive: true });
  const database = await openDatabase(target.dbUrl, target.dbAuthToken);
  try {
    await applyMigrations(database.client, migrations);
    const event = normaliseEvent(input, now);
    const [result] = await new EventStore(database.client, () => now).append([event]);
    return { uuid: event.uuid, result: result! };
  } finally {
    database.close();
  }
}
