import { describe, expect, test } from "bun:test";
import { Hono } from "hono";
import { limitBodiesAtOnce } from "../../src/api/bodies-at-once.ts";
import { eventually } from "../helpers/receiver.ts";

/** An app whose handler holds each request until `release()`, counting how many it holds at once; it answers the body it got. */
function holdingApp(maxBytes: number) {
  const app = new Hono();
  const held: (() => void)[] = [];
  const state = { most: 0, done: 0, handling: new Set<string>() };
  app.use("*", limitBodiesAtOnce({ maxBytes }));
  app.all("*", async (c) => {
    state.most = Math.max(state.most, held.length + 1);
    const name = c.req.header("x-name") ?? "";
    state.handling.add(name);
    await new Promise<void>((resolve) => held.push(resolve));
    state.handling.delete(name);
    state.done++;
    return c.text(String((await c.req.text()).length));
  });
  /** Lets every held request answer, until `n` have. */
  const finish = (n: number) =>
    eventually(async () => {
      held.splice(0).forEach((answer) => answer());
      return state.done === n;
    });
  return { app, state, held, finish };
}

const post = (app: Hono, bytes: number) => app.request("/", { method: "POST", body: "x".repeat(bytes) });

/** Each answer's status and text. */
const answered = (answers: (Response | Promise<Response>)[]) =>
  Promise.all(answers.map(async (answer) => Promise.resolve(answer).then(async (r) => [r.status, await r.text()])));

describe("request bodies handled at once", () => {
  test("requests wait while the bodies in process would pass the bound, then go; one alone always goes; the route still reads each body", async () => {
    const { app, state, held, finish } = holdingApp(100);
    const answers = [post(app, 60), post(app, 60), post(app, 30), post(app, 500)];
    // 60 in process: the next 60 does not fit and waits, the 30 fits beside it, the 500 waits for none in process
    await eventually(async () => held.length === 2);
    expect(held).toHaveLength(2);
    await finish(4);
    expect(await answered(answers)).toEqual([
      [200, "60"],
      [200, "60"],
      [200, "30"],
      [200, "500"],
    ]);
    expect(state.most).toBe(2);
  });

  test("a request still sending its body holds back no one; one without a body never waits", async () => {
    const { app, state, held, finish } = holdingApp(100);
    let send!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({ start: (controller) => void (send = controller) });
    const slow = app.request("/", { method: "POST", body, headers: { "x-name": "slow" } });
    send.enqueue(new TextEncoder().encode("x".repeat(90)));
    const quick = app.request("/", { method: "POST", body: "x".repeat(90), headers: { "x-name": "quick" } });
    const bodiless = app.request("/", { method: "GET", headers: { "x-name": "bodiless" } });
    await eventually(async () => held.length === 2);
    expect([...state.handling].sort()).toEqual(["bodiless", "quick"]);
    // the rest of the slow body arrives: it waits for the quick one, which holds 90 of the 100
    send.enqueue(new TextEncoder().encode("x".repeat(10)));
    send.close();
    await finish(3);
    expect(await answered([slow, quick, bodiless])).toEqual([
      [200, "100"],
      [200, "90"],
      [200, "0"],
    ]);
  });
});
