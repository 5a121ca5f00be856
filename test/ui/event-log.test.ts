import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import type { Browser, Page } from "playwright-core";
import type { LogItem } from "../../src/api/log.routes.ts";
import { browserForFile, LOG_REFRESH_MS, refreshUntilVisible, screenshot, signedInPage } from "../helpers/browser.ts";
import { eventually, startReceiver, type Receiver } from "../helpers/receiver.ts";
import { type ServedTestApp, servedTestApp, type TestApp } from "../helpers/test-app.ts";

setDefaultTimeout(30_000);

const launch = await browserForFile();

let t: TestApp;
let served: ServedTestApp;
let browser: Browser;
let baseUrl: string;
let ok: Receiver;
let failing: Receiver;
let slow: Receiver;
let closedUrl: string;
let releaseSlow: () => void = () => {};

beforeAll(async () => {
  if (!launch.ok) return;
  browser = launch.browser;
  served = await servedTestApp();
  ({ t, url: baseUrl } = served);
  // a slow receiver times out within the test's patience
  expect((await t.api("/api/settings", { method: "PATCH", body: { request_timeout_seconds: 1 } })).status).toBe(200);
  await t.dispatcher.start();
  ok = startReceiver();
  failing = startReceiver(() => new Response("database down", { status: 500 }));
  const held = new Promise<void>((resolve) => (releaseSlow = resolve));
  slow = startReceiver(async () => (await held, new Response("late")));
  const closed = startReceiver();
  closedUrl = closed.url;
  closed.stop();
});

afterAll(async () => {
  releaseSlow();
  for (const r of [ok, failing, slow]) r?.stop();
  await served?.close();
});

async function createWebhook(body: Record<string, unknown>) {
  const res = await t.api("/api/webhooks", { body: { url: `${ok.url}/hook`, events: ["*"], ...body } });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: number; name: string };
}

/** Posts events and waits until each has an entry for `webhookId` that `done` accepts. */
async function deliver(webhookId: number, events: Record<string, unknown>[], done: (item: LogItem) => boolean = (i) => i.attempts > 0): Promise<LogItem[]> {
  const res = await t.api("/api/events", { body: events });
  expect(res.status).toBe(202);
  return eventually(async () => {
    const { items } = (await (await t.api(`/api/log?webhook_id=${webhookId}`)).json()) as { items: LogItem[] };
    return items.length >= events.length && items.every(done) ? items : undefined;
  });
}

/** Text of `selector`'s elements that runs over more than one line: a header or badge broken mid-word. */
function brokenTexts(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((selector) => {
    // each text node on one line: a word or a badge wrapped shows as a second line of rects
    const wrapped = (el: Element) => {
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const range = document.createRange();
        range.selectNodeContents(node);
        if (new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size > 1) return true;
      }
      return false;
    };
    return [...document.querySelectorAll(selector)].filter(wrapped).map((el) => el.textContent!);
  }, selector);
}

const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

describe.skipIf(!launch.ok)("the event log", () => {
  test("reads at 1280–1440 px and on a phone: nothing broken mid-word, the response takes what is left, errors in words", async () => {
    const crm = await createWebhook({ name: "CRM with a rather long name for the table", events: ["ticket.logged_in"] });
    const down = await createWebhook({ name: "PMS down", url: `${failing.url}/hook`, events: ["ticket.logged_in"] });
    const typo = await createWebhook({ name: "Typo in host", url: "http://nonexistent.invalid/hook", events: ["ticket.logged_in"] });
    const closed = await createWebhook({ name: "Closed port", url: `${closedUrl}/hook`, events: ["ticket.logged_in"] });
    const late = await createWebhook({ name: "Slow CRM", url: `${slow.url}/hook`, events: ["ticket.logged_in"] });
    await t.api("/api/events", { body: [{ type: "ticket.logged_in", ticket_id: "4711" }] });
    const expected = [
      [crm.id, null],
      [down.id, "answered 500 Internal Server Error"],
      [typo.id, "server name not found (ENOTFOUND nonexistent.invalid)"],
      [closed.id, `connection refused (ECONNREFUSED ${new URL(closedUrl).host})`],
      [late.id, "timed out after 1 s"],
    ] as const;
    for (const [id, error] of expected) {
      await eventually(async () => {
        const { items } = (await (await t.api(`/api/log?webhook_id=${id}`)).json()) as { items: LogItem[] };
        return items[0] && items[0].attempts > 0 && items[0].error === error;
      });
    }

    const page = await signedInPage(browser, baseUrl, 1366);
    await page.getByRole("link", { name: "Event log" }).click();
    for (const [, error] of expected) if (error) await page.locator("td.response", { hasText: error }).first().waitFor();
    for (const width of [1280, 1366, 1440]) {
      await page.setViewportSize({ width, height: 900 });
      expect(await brokenTexts(page, "table.log th, table.log .badge, table.log button.details, table.log td.nowrap, table.log td:nth-child(2)"), `at ${width} px`).toEqual([]);
      // the response column is the widest: what is left goes to it
      const widths = await page.locator("table.log thead th").evaluateAll((ths) => ths.map((th) => th.getBoundingClientRect().width));
      expect(Math.max(...widths), `at ${width} px`).toBe(widths[6]!);
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      if (width !== 1280) await screenshot(page, `log-${width}`);
    }
    await page.setViewportSize({ width: 375, height: 900 });
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, "log-375");
    await page.close();
  });

  test("a delivery's details open under its row; Close gives the focus back to its button; the address opens them and Back closes them", async () => {
    const webhook = await createWebhook({ name: "Detailed CRM", events: ["custom.detailed"] });
    const [second, first] = await deliver(webhook.id, [{ type: "custom.detailed", ticket_id: "D-1" }, { type: "custom.detailed", ticket_id: "D-2" }]).then((items) => items.sort((a, b) => b.id - a.id));
    for (const width of [1366, 375]) {
      const page = await signedInPage(browser, baseUrl, width);
      await page.goto(`${baseUrl}/#/log?webhook=${webhook.id}`);
      const row = page.locator(`tr[data-id="${first!.id}"]`);
      const button = row.getByRole("button", { name: "Details: custom.detailed to Detailed CRM" });
      await button.click();
      const details = page.locator(`tr[data-id="${first!.id}"] + tr.detail-row`);
      await details.getByRole("heading", { name: "custom.detailed → Detailed CRM" }).waitFor();
      expect(await button.getAttribute("aria-expanded")).toBe("true");
      expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("H2");
      expect(await page.evaluate(() => location.hash)).toBe(`#/log/${first!.id}?webhook=${webhook.id}`);
      // the row below stays below the details, not under the whole table
      expect(await page.locator(`tr.detail-row + tr[data-id="${second!.id}"]`).count()).toBe(first!.id < second!.id ? 0 : 1);
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      await page.mouse.move(0, 0);
      await screenshot(page, `log-details-${width}`);
      await details.getByRole("button", { name: "Close" }).click();
      await details.waitFor({ state: "detached" });
      expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe("Details: custom.detailed to Detailed CRM");
      expect(await button.getAttribute("aria-expanded")).toBe("false");
      await page.close();
    }

    const page = await signedInPage(browser, baseUrl);
    await page.goto(`${baseUrl}/#/log?webhook=${webhook.id}`);
    await page.locator(`tr[data-id="${second!.id}"]`).waitFor();
    await page.goto(`${baseUrl}/#/log/${second!.id}?webhook=${webhook.id}`);
    await page.locator(`tr[data-id="${second!.id}"] + tr.detail-row`).getByRole("heading", { name: "custom.detailed → Detailed CRM" }).waitFor();
    await page.goBack();
    await page.locator("tr.detail-row").waitFor({ state: "detached" });
    expect(await page.evaluate(() => location.hash)).toBe(`#/log?webhook=${webhook.id}`);
    await page.close();
  });

  test("one search box: a ticket id filters while showing it searches; an event uuid opens the event with all its deliveries", async () => {
    const a = await createWebhook({ name: "Search A", events: ["custom.searched"] });
    await createWebhook({ name: "Search B", events: ["custom.searched"] });
    const [mine] = await deliver(a.id, [{ type: "custom.searched", ticket_id: "S-42" }, { type: "custom.searched", ticket_id: "S-43" }]).then((items) => items.filter((i) => i.ticket_id === "S-42"));
    for (const width of [1366, 375]) {
      const page = await signedInPage(browser, baseUrl, width);
      await page.getByRole("link", { name: "Event log" }).click();
      const box = page.getByLabel("Event uuid or ticket id");
      await box.pressSequentially("S-42");
      await page.getByText("Searching…").waitFor();
      await page.clock.fastForward(500);
      await page.getByText("Searching…").waitFor({ state: "detached" });
      await page.waitForFunction(() => location.hash === "#/log?ticket=S-42");
      const rows = page.locator("table.log > tbody > tr[data-id]");
      await eventually(async () => (await rows.count()) === 2 && (await rows.filter({ hasText: "S-42" }).count()) === 2);

      await box.fill(mine!.event_uuid);
      await box.press("Enter");
      await page.getByRole("heading", { name: "Event custom.searched" }).waitFor();
      expect(await page.evaluate(() => location.hash)).toBe(`#/events/${mine!.event_uuid}`);
      const view = page.locator("section.panel");
      await view.locator("tr", { hasText: "Search A" }).getByText("succeeded").waitFor();
      await view.locator("tr", { hasText: "Search B" }).getByText("succeeded").waitFor();
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      await page.mouse.move(0, 0);
      await screenshot(page, `event-view-${width}`);
      await view.getByRole("button", { name: "Close" }).click();
      expect(await page.evaluate(() => document.activeElement?.id)).toBe("filter-search");
      await page.close();
    }
  });

  test("the chart: a count scale, the date where it changes, and each hour's counts on hover or keyboard focus", async () => {
    const webhook = await createWebhook({ name: "Charted", events: ["custom.charted"] });
    await deliver(webhook.id, [{ type: "custom.charted" }], (i) => i.status === "succeeded");
    const page = await signedInPage(browser, baseUrl, 1366);
    await page.getByRole("link", { name: "Event log" }).click();
    const chart = page.locator("svg.chart");
    await chart.waitFor();
    // gridlines with their counts, and hour labels with a date under the first
    expect(await chart.locator("line.grid").count()).toBeGreaterThanOrEqual(1);
    const axis = await chart.locator("text.axis").allTextContents();
    expect(axis).toContain("0");
    expect(await chart.locator("text.date").count()).toBeGreaterThanOrEqual(1);

    const hourly = (await (await t.api("/api/stats/hourly")).json()) as { items: { succeeded: number; failed: number }[] };
    const last = hourly.items.at(-1)!;
    const now = chart.locator("g.hour").last();
    await now.hover();
    const tip = chart.locator("g.tip");
    await tip.getByText(`${last.succeeded} succeeded`).waitFor();
    await tip.getByText(`${last.failed} failed`).waitFor();
    await screenshot(page, "chart-hover-1366");

    // one tab stop: the latest hour; arrow keys move to the hour before
    await page.mouse.move(0, 0);
    await now.focus();
    await page.keyboard.press("ArrowLeft");
    const before = hourly.items.at(-2)!;
    await tip.getByText(`${before.succeeded} succeeded`).waitFor();
    expect(await chart.locator('g.hour[tabindex="0"]').count()).toBe(1);
    expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toMatch(new RegExp(`: ${before.succeeded} succeeded, ${before.failed} failed$`));
    await page.close();
  });

  test("filters: the date inputs fit their boxes at every width", async () => {
    const page = await signedInPage(browser, baseUrl);
    await page.getByRole("link", { name: "Event log" }).click();
    await page.getByLabel("From").fill("2026-12-01T08:30");
    for (const width of [375, 700, 900, 1100, 1280, 1366, 1440]) {
      await page.setViewportSize({ width, height: 900 });
      const cut = await page.locator(".filters input, .filters select").evaluateAll((els) =>
        els.filter((el) => el.scrollWidth > el.clientWidth || el.getBoundingClientRect().right > el.closest(".filters")!.getBoundingClientRect().right).map((el) => el.id),
      );
      expect(cut, `at ${width} px`).toEqual([]);
    }
    await page.close();
  });

  test("a deleted webhook's entries keep its name, in the table and the webhook filter", async () => {
    const gone = await createWebhook({ name: "Old CRM", events: ["custom.retired"] });
    await deliver(gone.id, [{ type: "custom.retired", ticket_id: "R-1" }], (i) => i.status === "succeeded");
    expect((await t.api(`/api/webhooks/${gone.id}`, { method: "DELETE" })).status).toBe(204);
    const page = await signedInPage(browser, baseUrl);
    await page.getByRole("link", { name: "Event log" }).click();
    await page.getByLabel("Webhook").selectOption({ label: "Old CRM (deleted)" });
    await page.waitForFunction((id) => location.hash === `#/log?webhook=${id}`, gone.id);
    const row = page.locator("table.log > tbody > tr[data-id]", { hasText: "R-1" });
    await row.getByText("Old CRM (deleted)").waitFor();
    expect(await page.locator("table.log > tbody > tr[data-id]").count()).toBe(1);
    await row.getByRole("button", { name: "Details: custom.retired to Old CRM (deleted)" }).click();
    await page.getByRole("heading", { name: "custom.retired → Old CRM (deleted)" }).waitFor();
    await page.close();
  });

  test("an empty log says so, and how it fills", async () => {
    const empty = await servedTestApp();
    try {
      const page = await signedInPage(browser, empty.url, 1366);
      await page.getByRole("link", { name: "Event log" }).click();
      await page.getByText("No deliveries yet: each event sent to a webhook shows here, with what came back.").waitFor();
      await page.getByText("none finished yet").waitFor();
      await screenshot(page, "log-empty-1366");
      await page.getByLabel("Status").selectOption("failed");
      await page.getByText("No deliveries match these filters.").waitFor();
      await page.close();
    } finally {
      await empty.close();
    }
  });

  test("an event opened from a delivery's details gives the focus back to that row's button on Close, after a refresh too", async () => {
    const webhook = await createWebhook({ name: "Traced back", events: ["custom.traced_back"] });
    const [item] = await deliver(webhook.id, [{ type: "custom.traced_back" }], (i) => i.status === "succeeded");
    const page = await signedInPage(browser, baseUrl);
    await page.goto(`${baseUrl}/#/log?webhook=${webhook.id}`);
    await page.locator(`tr[data-id="${item!.id}"]`).getByRole("button", { name: /^Details/ }).click();
    await page.getByRole("button", { name: /: all its deliveries$/ }).click();
    await page.getByRole("heading", { name: "Event custom.traced_back" }).waitFor();
    // a refresh draws the rows anew
    await page.locator(`table.log > tbody > tr[data-id="${item!.id}"]`).evaluate((row) => row.setAttribute("data-drawn-before", ""));
    await page.clock.fastForward(LOG_REFRESH_MS);
    await page.locator("tr[data-drawn-before]").waitFor({ state: "detached" });
    await page.locator("section.panel").getByRole("button", { name: "Close" }).click();
    expect(await page.evaluate(() => document.activeElement?.closest("table.log tr")?.getAttribute("data-id"))).toBe(String(item!.id));
    await page.close();
  });

  test("a refresh keeps the details open under their row, and the focus where it was", async () => {
    const webhook = await createWebhook({ name: "Refreshed CRM", events: ["custom.refreshed"] });
    const [item] = await deliver(webhook.id, [{ type: "custom.refreshed" }], (i) => i.status === "succeeded");
    const page = await signedInPage(browser, baseUrl);
    await page.goto(`${baseUrl}/#/log?webhook=${webhook.id}`);
    await page.locator(`tr[data-id="${item!.id}"]`).getByRole("button", { name: /^Details/ }).click();
    const resend = page.locator("tr.detail-row").getByRole("button", { name: "Resend" });
    await resend.focus();
    await resend.click();
    await page.getByText("Queued again.").waitFor();
    await refreshUntilVisible(page, page.locator("tr.detail-row").getByText("2 attempts"));
    expect(await page.locator(`tr[data-id="${item!.id}"] + tr.detail-row`).count()).toBe(1);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Resend");
    await page.close();
  });
});
