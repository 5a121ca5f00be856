import { existsSync } from "node:fs";
import { localPath } from "./config.ts";
import { openDatabase } from "./db/client.ts";
import { NEWER_SCHEMA, schemaState } from "./db/migrate.ts";
import { migrations } from "./generated/migrations.ts";
import { EventStore, type AppendResult } from "./events/event-store.ts";
import { normaliseEvent, type EventInput } from "./events/schema.ts";

/**
 * Queues one event straight into the service's database, for the box's shell scripts:
 * it works while the service is down too, and the service sends it within one read
 * interval. It never creates nor upgrades a database: a script run elsewhere (its own
 * `./data`) or a new binary under the old running service would write where nothing
 * reads, or change the schema under the service's feet.
 */
export async function emitEvent(
  target: { dbUrl: string; dbAuthToken?: string },
  input: EventInput,
  now: Date,
): Promise<{ uuid: string; result: AppendResult }> {
  if (target.dbUrl.startsWith("file:") && !existsSync(localPath(target.dbUrl))) {
    throw new Error("no database there: start the service once, or point --db (WEBHOOKS_DB_URL) at its database");
  }
  const database = await openDatabase(target.dbUrl, { authToken: target.dbAuthToken });
  try {
    const state = await schemaState(database.client, migrations);
    if (state === "newer") throw new Error(NEWER_SCHEMA);
    if (state === "older") throw new Error("the database is from an older version: restart the service, which upgrades it, then emit again");
    const event = normaliseEvent(input, now);
    const [result] = await new EventStore(database.client, () => now).append([event]);
    return { uuid: event.uuid, result: result! };
  } finally {
    database.close();
  }
}
