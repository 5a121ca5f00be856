import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import type { Browser, Page } from "playwright-core";
import type { EventDetail } from "../../src/api/event-lookup.routes.ts";
import type { LogItem } from "../../src/api/log.routes.ts";
import type { ApiWebhook } from "../../src/api/webhooks.schemas.ts";
import { answerDialog, apiCreateWebhook, browserForFile, refreshUntilVisible, screenshot, signedInPage } from "../helpers/browser.ts";
import { eventually, startReceiver, type Receiver } from "../helpers/receiver.ts";
import { makeTestCa, makeTestCertificate } from "../helpers/test-certificate.ts";
import { jsonOf, type ServedTestApp, servedTestApp, type TestApp } from "../helpers/test-app.ts";

// deliveries go out for real and the page waits for them: a few seconds a test
setDefaultTimeout(30_000);

const launch = await browserForFile();

let t: TestApp;
let served: ServedTestApp;
let browser: Browser;
let receiver: Receiver;
let baseUrl: string;
/** The receiver's outage: while down, every delivery fails (at its one attempt). */
const outage = { down: false };

beforeAll(async () => {
  if (!launch.ok) return;
  browser = launch.browser;
  served = await servedTestApp();
  ({ t, url: baseUrl } = served);
  await t.api("/api/settings", { method: "PATCH", body: { max_attempts: 1 } });
  await t.dispatcher.start();
  t.recoveryRunner.start();
  receiver = startReceiver(() => new Response(outage.down ? "down" : "ok", { status: outage.down ? 503 : 200 }));
});

afterAll(async () => {
  receiver?.stop();
  await served?.close();
});

const webhook = (id: number) => jsonOf<ApiWebhook>(t.api(`/api/webhooks/${id}`));
const logOf = async (id: number) => (await jsonOf<{ items: LogItem[] }>(t.api(`/api/log?webhook_id=${id}`))).items;

async function editForm(id: number, width = 1366): Promise<Page> {
  const page = await signedInPage(browser, baseUrl, width);
  await page.goto(`${baseUrl}/#/webhooks/${id}`);
  await page.getByRole("heading", { name: /^Edit: / }).waitFor();
  return page;
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

const verdict = (page: Page) => page.locator(".filter-verdict");
const saved = (page: Page) => page.getByRole("heading", { name: "Webhooks" }).waitFor();

describe.skipIf(!launch.ok)("delivery control on the page: filters, TLS, resending failed deliveries", () => {
  test("filter rows: a field from the catalogue, operators in words, the value as each needs it; the preview says whether the sample passes", async () => {
    const hook = await apiCreateWebhook(t, { name: "Front desk", url: `${receiver.url}/pms`, events: ["ticket.logged_in"] });
    const page = await editForm(hook.id);
    await page.getByText("No conditions: every event of the chosen types is sent.").waitFor();
    await page.getByRole("button", { name: "Add a condition" }).click();
    const field1 = page.getByLabel("Field of condition 1");
    expect(await field1.evaluate((el) => el === document.activeElement)).toBe(true);
    // the catalogue's names are offered
    expect(await page.locator("datalist#filter-fields option[value='ticket_type']").count()).toBe(1);
    await field1.fill("ticket_type");
    await page.getByLabel("Operator of condition 1").selectOption({ label: "is not" });
    await page.getByLabel("Value of condition 1").fill("single");
    // the sample ticket.logged_in is a single ticket
    await verdict(page).filter({ hasText: "This event would not be sent: ticket_type is single" }).waitFor();
    await page.getByLabel("Value of condition 1").fill("parent");
    await verdict(page).filter({ hasText: "This event meets the filter: it would be sent." }).waitFor();

    // no value for "is set"; a list for "is one of"; a time for an order op on a time
    await page.getByLabel("Operator of condition 1").selectOption({ label: "is set" });
    expect(await page.getByLabel("Value of condition 1").isVisible()).toBe(false);
    await page.getByRole("button", { name: "Add a condition" }).click();
    await page.getByLabel("Field of condition 2").fill("event.created_at");
    await page.getByLabel("Operator of condition 2").selectOption({ label: "is at least / from" });
    expect(await page.getByLabel("Value of condition 2").getAttribute("type")).toBe("datetime-local");
    await page.getByRole("button", { name: "Add a condition" }).click();
    // a backend_data path of its own, typed
    await page.getByLabel("Field of condition 3").fill("backend_data.pms.wing");
    await page.getByLabel("Operator of condition 3").selectOption({ label: "is one of" });
    expect(await page.getByLabel("Value of condition 3").getAttribute("placeholder")).toContain("comma");

    // the API's messages beside their rows, the summary linking to them
    await page.getByRole("button", { name: "Save", exact: true }).click();
    const summary = page.locator(".error-summary");
    await summary.getByRole("link", { name: "Value of condition 2: is needed with gte" }).waitFor();
    await summary.getByRole("link", { name: "Value of condition 3: is needed with in" }).click();
    expect(await page.getByLabel("Value of condition 3").evaluate((el) => el === document.activeElement)).toBe(true);
    await page.locator("[data-error-for='filter.2.value']", { hasText: "is needed with in" }).waitFor();

    await page.getByLabel("Value of condition 2").fill("2026-12-01T08:00");
    await page.getByLabel("Value of condition 3").fill("North, South ");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await saved(page);
    const stored = (await webhook(hook.id)).filter;
    expect(stored).toEqual([
      { field: "ticket_type", op: "exists" },
      { field: "event.created_at", op: "gte", value: new Date(2026, 11, 1, 8, 0).toISOString() },
      { field: "backend_data.pms.wing", op: "in", value: ["North", "South"] },
    ]);

    // opened again: the rows as saved; a row removed, the rest numbered anew
    await page.goto(`${baseUrl}/#/webhooks/${hook.id}`);
    await page.getByLabel("Value of condition 3").waitFor();
    expect(await page.getByLabel("Value of condition 2").inputValue()).toBe("2026-12-01T08:00");
    expect(await page.getByLabel("Value of condition 3").inputValue()).toBe("North, South");
    await page.getByRole("button", { name: "Remove condition 1" }).click();
    expect(await page.getByLabel("Field of condition 1").inputValue()).toBe("event.created_at");
    expect(await page.getByLabel("Field of condition 3").count()).toBe(0);
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await saved(page);
    expect((await webhook(hook.id)).filter.map((c) => c.field)).toEqual(["event.created_at", "backend_data.pms.wing"]);
    await page.close();
  });

  test("TLS for an on-site server: CA and client certificate as text, the key write-only, a bad certificate said beside its field", async () => {
    const hook = await apiCreateWebhook(t, { name: "PMS on the LAN", url: "https://pms.hotel.lan/wifi", events: ["ticket.logged_in"] });
    const ca = makeTestCa("Hotel IT CA");
    const client = makeTestCertificate({ commonName: "iacbox", issuedBy: ca });
    const page = await editForm(hook.id);
    await page.getByRole("group", { name: "TLS (on-site servers)" }).waitFor();
    await page.getByLabel("Trusted certificate (CA)").fill("not a certificate");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.locator(".error-summary").getByRole("link", { name: /^Trusted certificate \(CA\): / }).waitFor();
    expect(await page.locator("[data-error-for='tls.ca']").textContent()).not.toBe("");

    await page.getByLabel("Trusted certificate (CA)").fill(ca.cert);
    await page.getByLabel("Client certificate").fill(client.cert);
    await page.getByLabel("Client private key").fill(client.key);
    // the key is masked as it is typed
    expect(await page.getByLabel("Client private key").evaluate((el) => getComputedStyle(el).getPropertyValue("-webkit-text-security"))).toBe("disc");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await saved(page);
    expect((await webhook(hook.id)).tls).toEqual({ ca: ca.cert, client_cert: client.cert, client_key_set: true });

    // opened again: the key is not shown, and saving without it keeps it
    await page.goto(`${baseUrl}/#/webhooks/${hook.id}`);
    const key = page.getByLabel("Client private key");
    await key.waitFor();
    expect(await key.inputValue()).toBe("");
    expect(await key.getAttribute("placeholder")).toBe("stored: leave empty to keep");
    expect(await page.getByLabel("Trusted certificate (CA)").inputValue()).toBe(ca.cert);

    // the screenshots: a filter row, its verdict in the preview, the TLS section filled in
    await page.getByRole("button", { name: "Add a condition" }).click();
    await page.getByLabel("Field of condition 1").fill("ticket_type");
    await page.getByLabel("Operator of condition 1").selectOption({ label: "is not" });
    await page.getByLabel("Value of condition 1").fill("single");
    await verdict(page).filter({ hasText: "would not be sent" }).waitFor();
    await page.locator("pre.preview", { hasText: "POST https://pms.hotel.lan/wifi" }).waitFor();
    await screenshotsOf(page, "form-filter-tls");
    await page.getByLabel("Value of condition 1").fill("parent");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await saved(page);
    expect((await webhook(hook.id)).tls.client_key_set).toBe(true);
    await page.close();
  });

  test("a rate limit: set in the form, kept by a save that leaves it, emptied for none", async () => {
    const hook = await apiCreateWebhook(t, { name: "Rate-limited PMS", url: `${receiver.url}/pms`, events: ["ticket.logged_in"], rate_limit_per_minute: 30 });
    const page = await editForm(hook.id);
    const limit = page.getByLabel("Rate limit (requests a minute)");
    expect(await limit.inputValue()).toBe("30");
    expect(await limit.getAttribute("max")).toBe("60000");
    await page.getByLabel("Name", { exact: true }).fill("Rate-limited PMS (lobby)");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await saved(page);
    expect((await webhook(hook.id)).rate_limit_per_minute).toBe(30);
    await page.goto(`${baseUrl}/#/webhooks/${hook.id}`);
    await limit.fill("");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await saved(page);
    expect((await webhook(hook.id)).rate_limit_per_minute).toBeNull();
    await page.close();
  });

  test("Resend failed since …: asks first, says how many were queued again, the deliveries go out; a switched-off webhook is told in words", async () => {
    const hook = await apiCreateWebhook(t, { name: "Cloud CRM", url: `${receiver.url}/crm`, events: ["ticket.*"] });
    outage.down = true;
    await t.api("/api/events", { body: [{ type: "ticket.logged_in", ticket_id: "O-1" }, { type: "ticket.logged_out", ticket_id: "O-1" }] });
    await eventually(async () => {
      const items = await logOf(hook.id);
      return items.length === 2 && items.every((i) => i.status === "failed");
    });
    outage.down = false;

    const page = await editForm(hook.id);
    const section = page.getByRole("region", { name: "Recent deliveries" });
    const since = section.getByLabel("Resend failed since");
    // 24 hours ago, by default
    const shown = new Date(await since.inputValue()).getTime();
    expect(Math.abs(shown - (Date.now() - 24 * 3_600_000))).toBeLessThan(120_000);

    // asked, and Cancel sends nothing
    await section.getByRole("button", { name: "Resend failed" }).click();
    expect(await answerDialog(page, "Cancel")).toMatch(/^Send again every delivery to “Cloud CRM” that failed since .+\? Each gets a fresh set of attempts\.$/);
    expect(await section.locator(".resend-failed [role=status]").textContent()).toBe("");

    await section.getByRole("button", { name: "Resend failed" }).click();
    await answerDialog(page, "Resend failed");
    await refreshUntilVisible(page, section.getByText("2 failed deliveries queued again."));
    const succeeded = section.locator("tbody tr[data-id]", { hasText: "succeeded" });
    await eventually(async () => (await logOf(hook.id)).every((i) => i.status === "succeeded"));
    await refreshUntilVisible(page, succeeded.nth(1));
    await screenshotsOf(page, "recover");

    // nothing failed since: said so
    await section.getByRole("button", { name: "Resend failed" }).click();
    await answerDialog(page, "Resend failed");
    await refreshUntilVisible(page, section.getByText(/^No delivery failed since .+: nothing to send again\.$/));

    // a switched-off webhook: the API's 409, in words
    await t.api(`/api/webhooks/${hook.id}`, { method: "PATCH", body: { enabled: false } });
    await section.getByRole("button", { name: "Resend failed" }).click();
    await answerDialog(page, "Resend failed");
    await section.getByText("Not resent: the webhook is switched off. Switch it on first, then resend its failed deliveries.").waitFor();

    // a time in the future: the API's message beside the field
    await since.fill("2099-01-01T00:00");
    await t.api(`/api/webhooks/${hook.id}`, { method: "PATCH", body: { enabled: true } });
    await section.getByRole("button", { name: "Resend failed" }).click();
    await answerDialog(page, "Resend failed");
    await section.locator("[data-error-for='since']", { hasText: "must be in the past" }).waitFor();
    await page.close();
  });

  test("the event's view names each webhook whose filter turned the event away, and why", async () => {
    await apiCreateWebhook(t, { name: "Front desk PMS", url: `${receiver.url}/pms`, events: ["ticket.logged_in"], filter: [{ field: "ticket_type", op: "ne", value: "parent" }] });
    const res = await t.api("/api/events", { body: { type: "ticket.logged_in", ticket_id: "F-1", data: { ticket_type: "parent" } } });
    const { accepted } = await jsonOf<{ accepted: string[] }>(res);
    const uuid = accepted[0]!;
    await eventually(async () => (await jsonOf<EventDetail>(t.api(`/api/events/${uuid}`))).filtered_out.length > 0);

    const page = await signedInPage(browser, baseUrl, 1366);
    await page.goto(`${baseUrl}/#/events/${uuid}`);
    await page.getByText("Filtered out by Front desk PMS: ticket_type is parent").waitFor();
    await screenshot(page, "event-filtered-1366");

    // turned away by every webhook subscribed to it: not "matched no webhook"
    await apiCreateWebhook(t, { name: "Guest tickets only", url: `${receiver.url}/guests`, events: ["system.backup.done"], filter: [{ field: "event.ticket_id", op: "exists" }] });
    const [backup] = (await jsonOf<{ accepted: string[] }>(t.api("/api/events", { body: { type: "system.backup.done" } }))).accepted;
    await eventually(async () => (await jsonOf<EventDetail>(t.api(`/api/events/${backup}`))).filtered_out.length > 0);
    await page.goto(`${baseUrl}/#/events/${backup}`);
    await page.getByText("Filtered out by Guest tickets only: event.ticket_id is empty").waitFor();
    await page.getByText("Sent to no webhook: the filter of each webhook subscribed to it turned it away.").waitFor();
    await page.close();
  });
});
