import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import type { Browser, Page } from "playwright-core";
import type { LogItem } from "../../src/api/log.routes.ts";
import type { WebhookStats } from "../../src/api/stats.routes.ts";
import type { ApiWebhook } from "../../src/api/webhooks.schemas.ts";
import { apiCreateWebhook, browserForFile, refreshUntilVisible, screenshot, signedInPage } from "../helpers/browser.ts";
import { eventually, startReceiver, type Receiver } from "../helpers/receiver.ts";
import { jsonOf, type ServedTestApp, servedTestApp, type TestApp } from "../helpers/test-app.ts";

// deliveries go out for real and the page waits for them: a few seconds a test
setDefaultTimeout(30_000);

const launch = await browserForFile();

let t: TestApp;
let served: ServedTestApp;
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
  served = await servedTestApp();
  ({ t, url: baseUrl } = served);
  await t.dispatcher.start();
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
  receiver?.stop();
  await served?.close();
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

/** The form's preview rendered: screenshots show the form as an admin sees it. */
const previewShown = (page: Page) => page.locator("pre.preview", { hasText: "POST http" }).waitFor();

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
    await page.waitForFunction((id) => (document.querySelector<HTMLSelectElement>("#filter-webhook")?.value ?? "") === String(id), failing.id);
    await page.locator("tbody tr", { hasText: "Down CRM" }).first().waitFor();
    await page.close();
  });

  test("deliveries of a switched-off webhook say paused, not retrying: in the log's table, its details, the event's view and the list", async () => {
    const { hook, paused } = await switchedOffByTheService("Paused CRM");
    const page = await signedInPage(browser, baseUrl, 1366);
    await page.goto(`${baseUrl}/#/log/${paused.id}?webhook=${hook.id}`);
    await page.locator("table.list tbody tr[data-id]", { hasText: "ticket.logged_out.timeout" }).getByText("paused (webhook off)").waitFor();
    // the details open under the delivery's row
    const details = page.locator("tr.detail-row");
    await details.getByText("sent once the webhook is switched on again").waitFor();
    expect(await details.getByText("next try").count()).toBe(0);
    await details.getByRole("button", { name: /: all its deliveries$/ }).click();
    await page.locator("section.panel tr", { hasText: "Paused CRM" }).getByText("paused (webhook off)").waitFor();
    // the list's last delivery too
    await page.getByRole("link", { name: "Webhooks" }).click();
    await page.locator("tbody tr", { hasText: "Paused CRM" }).getByRole("link", { name: /^Last delivery paused \(webhook off\)/ }).waitFor();
    await page.close();
  });

  test("recent deliveries: empty at first, then test sends marked, a failed one's attempts and Resend in place, a link to the log", async () => {
    const hook = await apiCreateWebhook(t, { name: "Front desk PMS", url: `${receiver.url}/pms`, events: ["ticket.*"], log_body_and_headers: true });
    const page = await signedInPage(browser, baseUrl, 1366);
    await page.goto(`${baseUrl}/#/webhooks/${hook.id}`);
    const section = page.getByRole("region", { name: "Recent deliveries" });
    await section.getByText("No deliveries yet: send a test event").waitFor();
    expect(await section.getByRole("link", { name: "All deliveries in the event log" }).getAttribute("href")).toBe(`#/log?webhook=${hook.id}`);

    await page.getByRole("button", { name: "Send test event" }).click();
    await page.getByText(/HTTP 200 in \d+ ms/).waitFor();
    const testRow = section.locator("tbody tr[data-id]", { has: page.locator(".badge-test") });
    await refreshUntilVisible(page, testRow);
    await t.api("/api/events", { body: [{ type: "ticket.logged_in", ticket_id: "R-1" }, { type: "ticket.revoked", ticket_id: "R-2" }] });
    const failedRow = section.locator("tbody tr[data-id]", { hasText: "ticket.revoked" });
    await refreshUntilVisible(page, failedRow.getByText("failed"));
    await failedRow.getByText("HTTP 400").waitFor();
    await failedRow.getByText(/^\d+ ms$/).waitFor();
    await section.locator("tbody tr[data-id]", { hasText: "ticket.logged_in" }).filter({ hasNot: page.locator(".badge-test") }).getByText("succeeded").waitFor();

    // a test send's details: no Resend
    await testRow.getByRole("button", { name: /^Details/ }).click();
    await section.getByText("A test send: it is not retried nor resent.").waitFor();
    expect(await section.getByRole("button", { name: "Resend", exact: true }).count()).toBe(0);
    // the failed one's: attempts, request and response, below its row; the focus goes to them
    await failedRow.getByRole("button", { name: /^Details/ }).click();
    const heading = section.getByRole("heading", { name: "ticket.revoked → Front desk PMS" });
    await heading.waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("ticket.revoked → Front desk PMS");
    expect(await section.getByText("A test send: it is not retried nor resent.").count()).toBe(0);
    await section.getByText('{"error":"unknown ticket"}').waitFor();
    expect(await failedRow.evaluate((tr) => tr.nextElementSibling?.classList.contains("detail-row"))).toBe(true);
    await previewShown(page);
    await screenshotsOf(page, "recent-deliveries");

    await section.getByRole("button", { name: "Resend", exact: true }).click();
    await section.getByText("Queued again.").waitFor();
    await refreshUntilVisible(page, section.getByText("2 attempts"));
    await section.getByRole("button", { name: "Close" }).click();
    await heading.waitFor({ state: "detached" });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Details");
    await page.close();
  });

  test("recent deliveries refresh under an admin typing in the form: the focus and the form stay put", async () => {
    const hook = await apiCreateWebhook(t, { name: "Typing PMS", url: `${receiver.url}/pms`, events: ["custom.typing"] });
    const page = await signedInPage(browser, baseUrl, 1366);
    await page.goto(`${baseUrl}/#/webhooks/${hook.id}`);
    const section = page.getByRole("region", { name: "Recent deliveries" });
    await section.getByText("No deliveries yet").waitFor();
    const name = page.getByLabel("Name", { exact: true });
    await name.click();
    await page.keyboard.type(" v2");
    const before = await name.evaluate((el) => el.getBoundingClientRect().top);
    await t.api("/api/events", { body: { type: "custom.typing" } });
    await refreshUntilVisible(page, section.locator("tbody tr[data-id]", { hasText: "custom.typing" }).getByText("succeeded"));
    await page.keyboard.type("!");
    expect(await name.inputValue()).toBe("Typing PMS v2!");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("f-name");
    expect(await name.evaluate((el) => el.getBoundingClientRect().top)).toBe(before);
    await page.close();
  });

  test("recent deliveries that cannot be loaded say so, and Try again loads them", async () => {
    const hook = await apiCreateWebhook(t, { name: "Unreachable log", url: `${receiver.url}/pms`, events: ["custom.unreachable"] });
    await t.api("/api/events", { body: { type: "custom.unreachable" } });
    await eventually(async () => (await logOf(hook.id)).length > 0);
    const page = await signedInPage(browser, baseUrl, 1366);
    // the service answering as it does while its database is locked
    await page.route("**/api/log?webhook_id=*", (route) =>
      route.fulfill({ status: 503, contentType: "application/json", body: JSON.stringify({ error: { code: "unavailable", message: "The database is busy: try again in a moment", issues: [] } }) }),
    );
    await page.goto(`${baseUrl}/#/webhooks/${hook.id}`);
    const section = page.getByRole("region", { name: "Recent deliveries" });
    await section.getByText("The recent deliveries could not be loaded: The database is busy: try again in a moment").waitFor();
    await page.unroute("**/api/log?webhook_id=*");
    await section.getByRole("button", { name: "Try again" }).click();
    await section.locator("tbody tr[data-id]", { hasText: "custom.unreachable" }).waitFor();
    expect(await section.getByRole("button", { name: "Try again" }).isVisible()).toBe(false);
    await page.close();
  });

  test("switched off by the service: its form says why, with Switch back on, which sends what waited", async () => {
    const { hook } = await switchedOffByTheService("Retired CRM");
    const page = await signedInPage(browser, baseUrl, 1366);
    await page.goto(`${baseUrl}/#/webhooks/${hook.id}`);
    const notice = page.getByRole("region", { name: "Switched off by the service" });
    await notice.getByText("Why: the endpoint answered 410 Gone.").waitFor();
    const section = page.getByRole("region", { name: "Recent deliveries" });
    const waited = section.locator("tbody tr[data-id]", { hasText: "ticket.logged_out.timeout" });
    await waited.getByText("paused (webhook off)").waitFor();
    expect(await page.getByRole("checkbox", { name: "Enabled", exact: true }).isChecked()).toBe(false);
    await previewShown(page);
    await screenshotsOf(page, "webhook-off");

    goneStatus = 200;
    await notice.getByRole("button", { name: "Switch back on" }).click();
    await page.getByText(/^Switched back on\./).waitFor();
    // the button is gone: the focus is on what happened
    expect(await page.evaluate(() => document.activeElement?.textContent)).toMatch(/^Switched back on\./);
    expect(await page.getByRole("checkbox", { name: "Enabled", exact: true }).isChecked()).toBe(true);
    expect((await webhook(hook.id)).enabled).toBe(true);
    await refreshUntilVisible(page, waited.getByText("succeeded"));
    // switched on is saved, not an edit: leaving asks nothing
    await page.getByRole("link", { name: "Webhooks" }).click();
    await page.getByRole("link", { name: "New webhook", exact: true }).waitFor();
    expect(await page.getByRole("alertdialog").count()).toBe(0);
    await page.close();
  });
});
