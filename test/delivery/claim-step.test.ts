import { afterEach, describe, expect, test } from "bun:test";
import type { Client, InStatement, TransactionMode } from "@libsql/client";
import { ClaimStep } from "../../src/delivery/claim-step.ts";
import { CRASH_LIMIT_ERROR, DeliveryStore } from "../../src/delivery/delivery-store.ts";
import { LEASE_MS } from "../../src/delivery/lease.ts";
import { createLogger } from "../../src/logger.ts";
import type { Webhook } from "../../src/webhooks/model.ts";
import { createTestApp, type TestApp } from "../helpers/test-app.ts";

let t: TestApp;
afterEach(() => t.close());

const NOW = Date.parse("2026-11-28T12:00:00.000Z");
const OWNER = "box-a";

/**
 * Two webhooks with `count` due deliveries each, and a claim step over their queue; `sending`
 * lists deliveries being sent; the step's database client is `through(client)`.
 */
async function setup(count: number, sending = new Set<number>(), through = (client: Client) => client, data: Record<string, unknown> = {}) {
  t = await createTestApp({ now: () => new Date(NOW) });
  for (const name of ["first", "second"]) {
    const res = await t.api("/api/webhooks", { body: { name, url: `http://127.0.0.1:9/${name}`, events: ["*"] } });
    expect(res.status).toBe(201);
  }
  const posted = await t.api("/api/events", { body: Array.from({ length: count }, () => ({ type: "system.started", data })) });
  expect(posted.status).toBe(202);
  const webhooks = [...(await t.webhooks.list())];
  const logLines: string[] = [];
  const step = new ClaimStep({
    deliveries: new DeliveryStore(through(t.database.workClient)),
    logger: createLogger({ write: (line) => logLines.push(line) }),
    now: () => NOW,
    instanceId: OWNER,
    leaseMs: LEASE_MS,
    sending: (id) => sending.has(id),
    wake: () => {},
  });
  return { step, webhooks, logLines };
}

/** A client that counts the rows the due-work queries return through it (`rows`). */
class CountingDueRows {
  rows = 0;

  readonly through = (client: Client): Client =>
    new Proxy(client, {
      get: (target, property) => {
        if (property === "batch") {
          return async (stmts: InStatement[], mode?: TransactionMode) => {
            const results = await target.batch(stmts, mode);
            stmts.forEach((stmt, i) => {
              if (typeof stmt !== "string" && stmt.sql.startsWith("SELECT id FROM deliveries d WHERE webhook_id = :webhook")) this.rows += results[i]!.rows.length;
            });
            return results;
          };
        }
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
}

/**
 * A claim request for every webhook, each wanting its entry of `wanted`, taking turn
 * `turn`, with room for `bytes` of events' data (`oneAnyway`: with none held).
 */
function request(webhooks: Webhook[], wanted: number[], room: number, turn = 0, bytes = Infinity, oneAnyway = true) {
  return { room, bytes, oneAnyway, webhooks, wanted: (w: Webhook) => wanted[webhooks.indexOf(w)]!, turn: () => turn };
}

/** Each delivery's id, claim and state, in the order created. */
async function deliveries() {
  const rs = await t.database.client.execute("SELECT id, claimed_by, claim_expires_at, status, error FROM deliveries ORDER BY id");
  return rs.rows.map((r) => ({ id: Number(r.id), claimedBy: r.claimed_by, claimExpiresAt: r.claim_expires_at, status: r.status, error: r.error }));
}

describe("the claim step", () => {
  test("claims up to what each webhook wants, with its events; a webhook whose due work was all taken is drained", async () => {
    const { step, webhooks } = await setup(3);
    const [first, second] = webhooks as [Webhook, Webhook];
    const work = await step.take(request(webhooks, [2, 5], 10));
    expect(work.map((w) => w.delivery.webhookId).sort()).toEqual([first.id, first.id, second.id, second.id, second.id]);
    expect(work.every((w) => w.claimedAt === NOW && w.event.type === "system.started")).toBe(true);
    const claimed = (await deliveries()).filter((d) => d.claimedBy === OWNER);
    expect(claimed.map((d) => d.id).sort()).toEqual(work.map((w) => w.delivery.id).sort());
    expect(claimed.every((d) => Number(d.claimExpiresAt) === NOW + LEASE_MS)).toBe(true);
    expect([step.isDrained(first.id), step.isDrained(second.id)]).toEqual([false, true]);
  });

  test("with room for fewer than are due, the webhook whose turn it is goes first, and none counts as drained", async () => {
    const { step, webhooks } = await setup(3);
    const [first, second] = webhooks as [Webhook, Webhook];
    const work = await step.take(request(webhooks, [5, 5], 1, 1));
    expect(work.map((w) => w.delivery.webhookId)).toEqual([second.id]);
    expect([step.isDrained(first.id), step.isDrained(second.id)]).toEqual([false, false]);
  });

  test("a webhook wanting none is drained no more; without room nothing is claimed, none is drained and the turn is left", async () => {
    const { step, webhooks } = await setup(1);
    const [first, second] = webhooks as [Webhook, Webhook];
    await step.take(request(webhooks, [5, 5], 10));
    expect([step.isDrained(first.id), step.isDrained(second.id)]).toEqual([true, true]);
    expect(await step.take(request(webhooks, [0, 5], 10))).toEqual([]);
    expect([step.isDrained(first.id), step.isDrained(second.id)]).toEqual([false, true]);
    const turn = () => {
      throw new Error("no turn taken without room");
    };
    expect(await step.take({ ...request(webhooks, [5, 5], 0), turn })).toEqual([]);
    expect(step.isDrained(second.id)).toBe(false);
  });

  test("with little room, each webhook is asked for its share of it, not for the whole room: the query finds about the room", async () => {
    const found = new CountingDueRows();
    const { step, webhooks } = await setup(6, undefined, found.through);
    const [first, second] = webhooks as [Webhook, Webhook];
    const work = await step.take(request(webhooks, [8, 8], 4));
    expect(work.map((w) => w.delivery.webhookId).sort()).toEqual([first.id, first.id, second.id, second.id]);
    expect(found.rows).toBe(4);
    expect([step.isDrained(first.id), step.isDrained(second.id)]).toEqual([false, false]);
  });

  test("the room a webhook without due work leaves goes to one with more", async () => {
    const { step, webhooks } = await setup(3);
    const [first, second] = webhooks as [Webhook, Webhook];
    // the second's deliveries are another instance's now
    await t.database.client.execute({ sql: "UPDATE deliveries SET claimed_by = 'box-b', claim_expires_at = ? WHERE webhook_id = ?", args: [NOW + LEASE_MS, second.id] });
    const work = await step.take(request(webhooks, [8, 8], 4));
    expect(work.map((w) => w.delivery.webhookId)).toEqual([first.id, first.id, first.id]);
    expect([step.isDrained(first.id), step.isDrained(second.id)]).toEqual([true, true]);
  });

  test("large events: those that fit the room for their data are claimed, the others given back; later passes claim about as many as fit", async () => {
    // three events of 10,000 characters to each of the two webhooks
    const { step, webhooks } = await setup(3, undefined, undefined, { note: "x".repeat(9_989) });
    const [first, second] = webhooks as [Webhook, Webhook];
    const work = await step.take(request(webhooks, [8, 8], 10, 0, 25_000));
    // each event is loaded once for both its deliveries: two events fit, the third not
    expect(work.map((w) => w.size)).toEqual([10_000, 10_000, 10_000, 10_000]);
    expect(new Set(work.map((w) => w.event.uuid)).size).toBe(2);
    const claimed = (await deliveries()).filter((d) => d.claimedBy !== null);
    expect(claimed.map((d) => d.id).sort()).toEqual(work.map((w) => w.delivery.id).sort());
    // what was given back is due again: neither webhook is drained
    expect([step.isDrained(first.id), step.isDrained(second.id)]).toEqual([false, false]);

    // with room for less than one and something held, none; with nothing held, one whatever its size
    expect(await step.take(request(webhooks, [8, 8], 10, 0, 5_000, false))).toEqual([]);
    const one = await step.take(request(webhooks, [8, 8], 10, 0, 5_000, true));
    expect(one).toHaveLength(1);
    expect((await deliveries()).filter((d) => d.claimedBy !== null)).toHaveLength(5);
  });

  test("a delivery being sent is not claimed again, though a jump of the clock made its lease look lapsed", async () => {
    const sending = new Set<number>();
    const { step, webhooks } = await setup(2, sending);
    const [one] = await deliveries();
    sending.add(one!.id);
    await t.database.client.execute({ sql: "UPDATE deliveries SET claimed_by = ?, claim_expires_at = ? WHERE id = ?", args: [OWNER, NOW - 1, one!.id] });
    const work = await step.take(request(webhooks, [5, 5], 10));
    expect(work).toHaveLength(3);
    expect(work.map((w) => w.delivery.id)).not.toContain(one!.id);
    expect((await deliveries())[0]).toMatchObject({ claimedBy: OWNER, claimExpiresAt: NOW - 1 });
  });

  test("a delivery claimed by instances that died with it for the third time is failed and logged, not handed out", async () => {
    const { step, webhooks, logLines } = await setup(2);
    const [poison] = await deliveries();
    await t.database.client.execute({
      sql: "UPDATE deliveries SET claimed_by = 'box-dead', claim_expires_at = ?, crashes = 2 WHERE id = ?",
      args: [NOW - 1, poison!.id],
    });
    const work = await step.take(request(webhooks, [5, 5], 10));
    expect(work).toHaveLength(3);
    expect(work.map((w) => w.delivery.id)).not.toContain(poison!.id);
    expect((await deliveries())[0]).toMatchObject({ status: "failed", error: CRASH_LIMIT_ERROR, claimedBy: null });
    expect(logLines.filter((l) => l.includes(CRASH_LIMIT_ERROR) && l.includes(String(poison!.id)))).toHaveLength(1);
  });
});
