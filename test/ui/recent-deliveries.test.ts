import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import type { Browser, Page } from "playwright-core";
import type { Server } from "bun";
import type { LogItem } from "../../src/api/log.routes.ts";
import type { WebhookStats } from "../../src/api/stats.routes.ts";
import type { ApiWebhook } from "../../src/api/webhooks.schemas.ts";
import { apiCreateWebhook, browserForFile, screenshot, signedInPage } from "../helpers/browser.ts";
import { eventually, startReceiver, type Receiver } from "../helpers/receiver.ts";
import { createTestApp, jsonOf, type TestApp } from "../helpers/test-app.ts";

// deliveries go out for real and the page waits for them: a few seconds a test
setDefaultTimeout(30_000);

const launch = await browserForFile();

let t: TestApp;
let server: Server<undefined>;
let browser: Browser;
let receiver: Receiver;
/** An address where nothing listens: every attempt fails and is retried. */
let down: string;
let baseUrl: string;
/** What /gone answers: 410 switches its webhook off, until the endpoint is back. */
let goneStatus = 410;

beforeAll(async () => {
  if (!launch.ok) return;
  browser = launch.browser;
  t = await createTestApp();
  await t.dispatcher.start();
  server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: t.app.fetch });
  baseUrl = `http://127.0.0.1:${server.port}`;
  // a revoked ticket is refused (400): a delivery that fails at once
  receiver = startReceiver((req) => {
    if (req.path === "/gone") return new Response("gone", { status: goneStatus });
    if (req.body.includes("ticket.revoked")) return Response.json({ error: "unknown ticket" }, { status: 400 });
    return Response.json({ received: true });
  });
  const closed = startReceiver();
  closed.stop();
  down = `${closed.url}/down`;
});

afterAll(async () => {
  server?.stop(true);
  receiver?.stop();
  await t?.close();
});

const webhook = (id: number) => jsonOf<ApiWebhook>(t.api(`/api/webhooks/${id}`));
const logOf = async (id: number) => (await jsonOf<{ items: LogItem[] }>(t.api(`/api/log?webhook_id=${id}`))).items;

/**
 * A webhook the service switched off (its endpoint answered 410 Gone) with a delivery left
 * waiting: a ticket's logout waits for its login, which switched the webhook off.
 */
async function switchedOffByTheService(name: string) {
  goneStatus = 410;
  const hook = await apiCreateWebhook(t, { name, url: `${receiver.url}/gone`, events: ["ticket.*"] });
  const ticket = `P-${hook.id}`;
  await t.api("/api/events", { body: [{ type: "ticket.logged_in", ticket_id: ticket }, { type: "ticket.logged_out.timeout", ticket_id: ticket }] });
  await eventually(async () => !(await webhook(hook.id)).enabled && (await logOf(hook.id)).some((i) => i.paused));
  return { hook, paused: (await logOf(hook.id)).find((i) => i.paused)! };
}

/** The page scrolls sideways nowhere at this width. */
async function expectNoSidewaysScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
}

/** Screenshots at 1366 and 375 px of what the page shows now; at 375 px nothing scrolls sideways. */
async function screenshotsOf(page: Page, name: string) {
  await page.setViewportSize({ width: 1366, height: 900 });
  await screenshot(page, `${name}-1366`);
  await page.setViewportSize({ width: 375, height: 900 });
  await expectNoSidewaysScroll(page);
  await screenshot(page, `${name}-375`);
  await page.setViewportSize({ width: 1366, height: 900 });
}

describe.skipIf(!launch.ok)("a webhook's recent deliveries, the list's figures, a webhook switched off", () => {
  test("the list: the last delivery and the success rate open the webhook's log; an endpoint that is down is at 0 %", async () => {
    const failing = await apiCreateWebhook(t, { name: "Down CRM", url: down, events: ["ticket.logged_in"] });
    const long = await apiCreateWebhook(t, {
      name: "Hotel Alpenrose – Property Management System: guest check-in and check-out notifications (production)",
      url: `${receiver.url}/pms`,
      events: ["ticket.logged_in"],
    });
    const off = await apiCreateWebhook(t, { name: "Old monitoring", url: `${receiver.url}/gone`, events: ["system.started"] });
    await t.api("/api/events", { body: [{ type: "ticket.logged_in", ticket_id: "L-1" }, { type: "system.started" }] });
    await eventually(async () => (await logOf(failing.id))[0]?.status === "retrying" && (await logOf(long.id))[0]?.status === "succeeded" && !(await webhook(off.id)).enabled);
    const stats = await jsonOf<{ items: WebhookStats[] }>(t.api("/api/stats/webhooks"));
    expect(stats.items.find((s) => s.webhook_id === failing.id)).toMatchObject({ success_rate_24h: 0, retrying_24h: 1 });

    const page = await signedInPage(browser, baseUrl, 1366);
    const row = page.locator("tbody tr", { hasText: "Down CRM" });
    const rate = row.getByRole("link", { name: /^Success in 24 hours: 0 % of 1/ });
    await rate.waitFor();
    expect(await rate.textContent()).toBe("0 % (1)");
    const logHref = `#/log?webhook=${failing.id}`;
    expect(await rate.getAttribute("href")).toBe(logHref);
    expect(await row.getByRole("link", { name: /^Last delivery retrying/ }).getAttribute("href")).toBe(logHref);
    await page.locator("tbody tr", { hasText: "Old monitoring" }).getByText("the endpoint answered 410 Gone").waitFor();
    // a long name starts at the cell's left, as every other name does, and breaks between words
    const name = page.getByRole("link", { name: /^Hotel Alpenrose/ });
    const [nameBox, cellBox] = await Promise.all([name.boundingBox(), name.locator("xpath=..").boundingBox()]);
    expect(nameBox!.x - cellBox!.x).toBeLessThan(15);
    await screenshotsOf(page, "webhooks-list");

    await rate.click();
    await page.getByRole("heading", { name: "Event log" }).waitFor();
    await page.waitForFunction((id) => (document.querySelector<HTMLSelectElement>("#filter-webhook_id")?.value ?? "") === String(id), failing.id);
    await page.locator("tbody tr", { hasText: "Down CRM" }).first().waitFor();
    await page.close();
  });

  test("deliveries of a switched-off webhook say paused, not retrying: in the log's table, its details and the event's view", async () => {
    const { hook, paused } = await switchedOffByTheService("Paused CRM");
    const page = await signedInPage(browser, baseUrl, 1366);
    await page.goto(`${baseUrl}/#/log/${paused.id}?webhook=${hook.id}`);
    await page.locator("table.list tbody tr", { hasText: "ticket.logged_out.timeout" }).getByText("paused (webhook off)").waitFor();
    const details = page.locator("section.detail");
    await details.getByText("sent once the webhook is switched on again").waitFor();
    expect(await details.getByText("next try").count()).toBe(0);
    await details.getByRole("button", { name: /: all its deliveries$/ }).click();
    await details.locator("tr", { hasText: "Paused CRM" }).getByText("paused (webhook off)").waitFor();
    await page.close();
  });
});
