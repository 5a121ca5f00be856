import { describe, expect, test } from "bun:test";
import { Hono } from "hono";
import { limitBodiesAtOnce } from "../../src/api/bodies-at-once.ts";
import { eventually } from "../helpers/receiver.ts";

/** An app whose handler holds each request until `release()`, counting how many it holds at once. */
function holdingApp(maxBytes: number) {
  const app = new Hono();
  const held: (() => void)[] = [];
  const state = { now: 0, most: 0, done: 0 };
  app.use("*", limitBodiesAtOnce({ maxBytes, maxBody: 1000 }));
  app.all("*", async (c) => {
    state.now++;
    state.most = Math.max(state.most, state.now);
    await new Promise<void>((resolve) => held.push(resolve));
    state.now--;
    state.done++;
    return c.text("ok");
  });
  const release = () => held.splice(0).forEach((answer) => answer());
  return { app, state, held, release };
}

const post = (app: Hono, bytes: number, declared: boolean = true) =>
  app.request("/", { method: "POST", body: "x".repeat(bytes), headers: declared ? { "content-length": String(bytes) } : {} });

describe("request bodies in process at once", () => {
  test("requests wait while the bodies in process would pass the bound, then go; one alone always goes", async () => {
    const { app, state, held, release } = holdingApp(100);
    const answers = [post(app, 60), post(app, 60), post(app, 30), post(app, 500)];
    // each went as far as it could at once: 60 in process, the next 60 does not fit and
    // waits, the 30 fits beside it, the 500 waits until nothing else is in process
    expect(held).toHaveLength(2);
    await eventually(async () => {
      release();
      return state.done === 4;
    });
    expect((await Promise.all(answers)).map((r) => r.status)).toEqual([200, 200, 200, 200]);
    // never more than 100 bytes declared at once, but for the 500 alone
    expect(state.most).toBeLessThanOrEqual(2);
  });

  test("a body of no stated length counts as the largest allowed; a request without a body never waits", async () => {
    const { app, state, held, release } = holdingApp(1500);
    const first = post(app, 10, false);
    const second = post(app, 600);
    const bodiless = app.request("/", { method: "GET" });
    // the GET went in beside the first; the 600 waits for the first's 1,000
    expect(held).toHaveLength(2);
    await eventually(async () => {
      release();
      return state.done === 3;
    });
    expect((await Promise.all([first, second, bodiless])).map((r) => r.status)).toEqual([200, 200, 200]);
  });
});
