import { expect, test } from "bun:test";
import Database from "libsql";
import { join } from "node:path";
import { deliveryThroughput } from "../scripts/bench/load.ts";
import { startReceiver } from "../scripts/bench/receiver.ts";
import { startService, type Service } from "../scripts/bench/service.ts";
import { cleanupAfterEach } from "./helpers/cleanups.ts";

const FLOOR = [process.execPath, new URL("../scripts/bench/floor-service.ts", import.meta.url).pathname];
const cleanups = cleanupAfterEach();

test("the bench's floor stores each event with its delivery, sends it, and records the attempt", async () => {
  const dir = await cleanups.tempDir();
  const receiver = startReceiver();
  cleanups.add(receiver.stop);
  const dbFile = join(dir, "floor.db");
  const floor: Service = await startService([...FLOOR, "--target", receiver.url("/hook/1")], dir, dbFile, "unused-token-0123456789");
  cleanups.add(floor.stop);

  const result = await deliveryThroughput({ url: floor.url, token: "unused" }, receiver, { events: 250, endpoints: 1, wait: { idleMs: 5000, maxMs: 30_000 } });
  expect(result).toMatchObject({ delivered: 250, expected: 250 });
  // the bodies are the events, each once, under its own id
  const ids = receiver.arrivals().map((a) => a.webhookId);
  expect(new Set(ids).size).toBe(250);

  const db = new Database(dbFile, { readonly: true });
  cleanups.add(() => db.close());
  const deadline = performance.now() + 10_000;
  const done = () => db.prepare("SELECT count(*) AS n FROM deliveries d JOIN attempts a ON a.delivery_id = d.id WHERE d.status = 'succeeded' AND a.response_status = 200").get() as { n: number };
  while (done().n < 250 && performance.now() < deadline) await Bun.sleep(20);
  expect(done().n).toBe(250);
  const events = db.prepare("SELECT count(*) AS n FROM events e JOIN deliveries d ON d.event_id = e.id").get() as { n: number };
  expect(events.n).toBe(250);
});
