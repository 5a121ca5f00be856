import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import type { Browser } from "playwright-core";
import {
  answerDialog,
  apiCreateWebhook as createWebhook,
  browserForFile,
  LOG_REFRESH_MS,
  refreshUntilVisible,
  requestedUrls,
  screenshot,
  signedInPage as openSignedIn,
  submitToken,
} from "../helpers/browser.ts";
import { startReceiver, type Receiver } from "../helpers/receiver.ts";
import { TEST_ADMIN_TOKEN, type ServedTestApp, servedTestApp, type TestApp } from "../helpers/test-app.ts";

// what `npm test` gives every test, so that `bun test test/ui` alone passes too (the
// tests that wait for a delivery and its log entry take 6–8 s)
setDefaultTimeout(30_000);

const launch = await browserForFile();

let t: TestApp;
let served: ServedTestApp;
let browser: Browser;
let receiver: Receiver;
let authServer: Receiver;
let baseUrl: string;

beforeAll(async () => {
  if (!launch.ok) return;
  browser = launch.browser;
  served = await servedTestApp();
  ({ t, url: baseUrl } = served);
  await t.dispatcher.start();
  receiver = startReceiver(() => new Response('{"received":true}', { headers: { "Content-Type": "application/json" } }));
  authServer = startReceiver(() => Response.json({ auth: { token: "ui-token-123" } }));
});

afterAll(async () => {
  receiver?.stop();
  authServer?.stop();
  await served?.close();
});

const signedInPage = (width?: number) => openSignedIn(browser, baseUrl, width);

/** Queues one event and returns the log's entries for it to `webhookId`, once there. */
async function queueAndFind(type: string, webhookId: number): Promise<{ id: number }[]> {
  expect((await t.api("/api/events", { body: { type } })).status).toBe(202);
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { items } = (await (await t.api(`/api/log?webhook_id=${webhookId}`)).json()) as { items: { id: number }[] };
    if (items.length > 0) return items;
    if (Date.now() > deadline) throw new Error(`no log entry for webhook ${webhookId} within 10 s`);
    await Bun.sleep(20);
  }
}

const apiCreateWebhook = (body: Record<string, unknown>) => createWebhook(t, { url: `${receiver.url}/hook`, ...body });

describe.skipIf(!launch.ok)("the admin page", () => {
  test("sign-in refuses a wrong token, accepts the right one, and sign-out returns to it", async () => {
    const page = await browser.newPage();
    await page.goto(baseUrl);
    await submitToken(page, "wrong-token-wrong-token");
    await page.getByText("That admin token is not valid.").waitFor();
    await submitToken(page);
    await page.getByRole("heading", { name: "Webhooks" }).waitFor();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByLabel("Admin token").waitFor();
    await page.close();
  });

  test("sign-in after too many wrong tokens says how long to wait, and the right token still signs in", async () => {
    // an app of its own: the failures must not hold back the other tests' sign-ins
    const limited = await servedTestApp();
    try {
      const { url } = limited;
      for (let i = 0; i < 10; i++) expect((await fetch(`${url}/api/settings`, { headers: { Authorization: "Bearer wrong-token-wrong-token" } })).status).toBe(401);
      const page = await browser.newPage();
      await page.goto(url);
      await page.getByLabel("Admin token").fill("wrong-token-wrong-token");
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByText(/^Too many failed sign-ins from this address: try again in \d+ s$/).waitFor();
      await page.getByLabel("Admin token").fill(TEST_ADMIN_TOKEN);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("heading", { name: "Webhooks" }).waitFor();
      await page.close();
    } finally {
      await limited.close();
    }
  });

  test("a 401 from any call returns to sign-in with a message", async () => {
    const page = await signedInPage();
    await page.evaluate(() => sessionStorage.setItem("iacbox-webhooks-token", "revoked-token-revoked"));
    await page.getByRole("link", { name: "General settings" }).click();
    await page.getByText("Your session is no longer valid. Please sign in again.").waitFor();
    await page.close();
  });

  test("create a webhook with token auth through the form, test it, and see the delivery succeed in the log", async () => {
    const page = await signedInPage();
    await page.getByRole("link", { name: "New webhook", exact: true }).click();
    await page.getByLabel("Name").fill("CRM logins");
    await page.getByLabel("URL", { exact: true }).fill(`${receiver.url}/crm`);
    await page.getByRole("checkbox", { name: /ticket\.logged_in$/ }).check();
    await page.getByLabel("Body", { exact: true }).fill('{"id":"{{event.uuid}}","room":"');
    await page.getByRole("button", { name: "backend_data.pms.room" }).click();
    await page.keyboard.type('"}');
    await page.getByLabel("Authentication type").selectOption("token");
    await page.getByLabel("Authentication URL").fill(`${authServer.url}/login`);
    await page.getByLabel("Username").fill("box");
    await page.getByLabel("Password").fill("secret");
    await page.getByLabel("Token field").fill("auth.token");
    await page.getByLabel("Order").selectOption("none");
    // the preview renders from the first keystroke: wait for the last one's
    await page.locator("pre.preview").filter({ hasText: "authorization: Bearer [redacted]" }).waitFor();
    await expect(page.locator("pre.preview").first().textContent()).resolves.toContain('"room":"204"}');
    await screenshot(page, "webhook-form-1280");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByText("Saved CRM logins.").waitFor();
    expect((await t.webhooks.list()).find((w) => w.name === "CRM logins")?.ordering).toBe("none");
    await screenshot(page, "webhooks-1280");

    await page.getByRole("link", { name: "CRM logins", exact: true }).click();
    await page.getByRole("button", { name: "Test authentication" }).click();
    await page.getByText("Got a token from").waitFor();
    await page.getByRole("button", { name: "Send test event" }).click();
    await page.getByText(/HTTP 200 in \d+ ms/).waitFor();
    expect(receiver.requests.at(-1)!.headers.authorization).toBe("Bearer ui-token-123");

    await t.api("/api/events", { body: { type: "ticket.logged_in", ticket_id: "T-77" } });
    await page.getByRole("link", { name: "Event log", exact: true }).click();
    const row = page.locator("tr", { hasText: "T-77" }).filter({ hasText: "CRM logins" });
    await refreshUntilVisible(page, row.getByText("succeeded"));
    await row.getByRole("button", { name: "Details" }).click();
    await page.getByText(/HTTP 200 – \d+ ms/).waitFor();
    await screenshot(page, "log-1280");
    await page.close();
  });

  test("edit a webhook, save it as a copy, delete the copy", async () => {
    const original = await apiCreateWebhook({
      name: "PMS checkout",
      body: '{"t":"{{event.type}}"}',
      auth: { type: "basic", username: "pms", password: "stored-secret" },
    });
    const page = await signedInPage();
    await page.getByRole("link", { name: "PMS checkout", exact: true }).click();
    // the password field stays empty: the stored password stands, in the preview as on save
    await page.locator("pre.preview").filter({ hasText: "authorization: Basic [redacted]" }).waitFor();
    await page.getByLabel("Name", { exact: true }).fill("PMS checkout v2");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByText("Saved PMS checkout v2.").waitFor();
    await page.getByRole("link", { name: "PMS checkout v2", exact: true }).click();
    await page.getByLabel("Headers", { exact: true }).fill("X-Site: 7");
    await page.getByRole("button", { name: "Save as copy" }).click();
    await page.getByText("Saved PMS checkout v2 (copy).").waitFor();
    const { items } = (await (await t.api("/api/webhooks")).json()) as { items: { id: number; name: string; headers: string }[] };
    expect(items.find((w) => w.id === original.id)).toMatchObject({ name: "PMS checkout v2", headers: "" });
    expect(items.find((w) => w.name === "PMS checkout v2 (copy)")).toMatchObject({ headers: "X-Site: 7", auth: { type: "basic", password_set: true } });

    await page.getByRole("link", { name: "PMS checkout v2 (copy)", exact: true }).click();
    await page.getByRole("button", { name: "Delete" }).click();
    expect(await answerDialog(page, "Delete")).toBe("Delete the webhook “PMS checkout v2 (copy)”? Its log entries stay.");
    await page.getByText("Deleted PMS checkout v2 (copy).").waitFor();
    const after = (await (await t.api("/api/webhooks")).json()) as { items: { name: string }[] };
    expect(after.items.some((w) => w.name === "PMS checkout v2 (copy)")).toBe(false);
    await page.close();
  });

  test("older log entries the admin loaded stay in view when the log refreshes", async () => {
    const webhook = await apiCreateWebhook({ name: "Busy PMS" });
    await t.api("/api/events", { body: Array.from({ length: 60 }, (_, i) => ({ type: "custom.busy", ticket_id: `B-${i}` })) });
    const page = await signedInPage();
    await page.getByRole("link", { name: "Event log" }).click();
    await page.getByLabel("Webhook").selectOption(String(webhook.id));
    const busyRows = (n: number) =>
      page.waitForFunction((n) => {
        const rows = [...document.querySelectorAll("tbody tr")];
        return rows.length === n && rows.every((r) => r.textContent!.includes("Busy PMS"));
      }, n);
    await busyRows(50);
    const refreshed = page.waitForResponse((r) => r.url().includes("/api/log?") && r.url().includes("limit=60"), { timeout: 15_000 });
    await page.getByRole("button", { name: "Load older entries" }).click();
    await busyRows(60);
    await page.clock.fastForward(LOG_REFRESH_MS);
    await refreshed;
    await busyRows(60);
    await page.close();
  });

  test("the form: messages beside their fields while typing, hidden fields never block Save, tests wait for Save, the tab link leaves it", async () => {
    const webhook = await apiCreateWebhook({ name: "Form checks", events: ["system.started"] });
    const page = await signedInPage();
    await page.getByRole("link", { name: "New webhook", exact: true }).click();
    // a new form opens without red: messages wait for the admin's first change
    await page.locator("pre.preview").filter({ hasText: "POST (no URL yet)" }).waitFor();
    expect(await page.locator('[data-error-for="name"]').textContent()).toBe("");
    await page.getByLabel("Name", { exact: true }).fill("No events yet");
    await page.getByLabel("URL", { exact: true }).fill(`${receiver.url}/form`);
    await page.locator('[data-error-for="events"]').filter({ hasText: "select at least one event" }).waitFor();
    await page.getByRole("checkbox", { name: /system\.started$/ }).check();
    await page.getByLabel("Authentication type").selectOption("token");
    await page.getByLabel("Token refresh interval (minutes)").fill("");
    await page.getByLabel("Authentication type").selectOption("none");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByText("Saved No events yet.").waitFor();

    await page.getByRole("link", { name: "Form checks", exact: true }).click();
    const sendTest = page.getByRole("button", { name: "Send test event" });
    expect(await sendTest.isEnabled()).toBe(true);
    // changed and changed back: nothing unsaved
    await page.getByLabel("Name", { exact: true }).fill("Form checks!");
    await page.waitForFunction(() => [...document.querySelectorAll("button")].find((b) => b.textContent === "Send test event")?.disabled === true);
    await page.getByLabel("Name", { exact: true }).fill("Form checks");
    await page.waitForFunction(() => [...document.querySelectorAll("button")].find((b) => b.textContent === "Send test event")?.disabled === false);
    await page.getByLabel("URL", { exact: true }).fill(`${receiver.url}/changed`);
    await page.getByText("The form has unsaved changes: the tests use the saved webhook.").waitFor();
    expect(await sendTest.isDisabled()).toBe(true);
    const cancel = page.getByRole("button", { name: "Cancel" });
    await cancel.click();
    expect(await answerDialog(page, "Cancel")).toBe("Discard the changes on this form?");
    await page.getByRole("heading", { name: "Edit: Form checks" }).waitFor();
    // the address names the webhook again once the answer is taken (Cancel had moved it
    // to the list; the page puts it back after the dialog is gone, so it is waited for)
    await page.waitForFunction((hash) => location.hash === hash, `#/webhooks/${webhook.id}`);
    // the dialog gave the focus back where it was
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Cancel");
    // an address change (Back, Forward) asks too, and kept, the form stays
    await page.evaluate(() => (location.hash = "#/log"));
    expect(await answerDialog(page, "Cancel")).toBe("Discard the changes on this form?");
    await page.waitForFunction(() => location.hash !== "#/log");
    await page.getByRole("heading", { name: "Edit: Form checks" }).waitFor();
    await page.getByRole("link", { name: "Webhooks" }).click();
    expect(await answerDialog(page, "Discard changes")).toBe("Discard the changes on this form?");
    await page.getByRole("link", { name: "New webhook", exact: true }).waitFor();
    expect(webhook.id).toBeGreaterThan(0);
    await page.close();
  });

  test("signing: the buttons follow it, the secret stays until copied or replaced", async () => {
    await apiCreateWebhook({ name: "Signed CRM", events: ["system.started"] });
    const page = await signedInPage();
    await page.getByRole("link", { name: "Signed CRM", exact: true }).click();
    await page.getByRole("button", { name: "Sign requests" }).click();
    await page.getByText("Requests are now signed with this secret.").waitFor();
    const secret = await page.locator("pre.secret").textContent();
    expect(secret).toMatch(/^whsec_/);
    await page.getByRole("button", { name: "Stop signing" }).waitFor();
    await page.getByRole("button", { name: "Send test event" }).click();
    await page.getByText(/HTTP 200 in \d+ ms/).waitFor();
    expect(await page.locator("pre.secret").textContent()).toBe(secret);
    expect(receiver.requests.at(-1)!.headers["webhook-signature"]).toMatch(/^v1,/);
    await page.getByRole("button", { name: "Rotate signing secret" }).click();
    await page.getByText("The previous one keeps working for 24 hours.").waitFor();
    await page.getByRole("button", { name: "Stop signing" }).click();
    await answerDialog(page, "Stop signing");
    await page.getByText("Requests are no longer signed.").waitFor();
    await page.getByRole("button", { name: "Sign requests" }).waitFor();
    expect(await page.locator("pre.secret").count()).toBe(0);
    await page.close();
  });

  test("the log: a resend shows in the open details; a switched-off feature is said on both tabs", async () => {
    const webhook = await apiCreateWebhook({ name: "Resent CRM", url: `${receiver.url}/a/long/path/that/would/widen/a/phone/screen/if/it/never/broke`, events: ["system.backup.error"] });
    await t.api("/api/events", { body: { type: "system.backup.error" } });
    const page = await signedInPage(375);
    await page.getByRole("link", { name: "Event log" }).click();
    await page.getByLabel("Event type").selectOption("system.backup.*");
    await page.getByLabel("Webhook").selectOption(String(webhook.id));
    const row = page.locator("tbody tr", { hasText: "Resent CRM" });
    await row.getByText("succeeded").waitFor();
    await row.getByRole("button", { name: /Details/ }).click();
    await page.getByText(/\b1 attempt\b/).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await page.getByRole("button", { name: "Resend" }).click();
    await page.getByText("Queued again.").waitFor();
    await refreshUntilVisible(page, page.getByText("2 attempts"));

    expect((await t.api("/api/settings", { method: "PATCH", body: { enabled: false } })).status).toBe(200);
    try {
      await refreshUntilVisible(page, page.getByText("Webhooks are switched off in General settings"));
      await page.getByRole("link", { name: "Webhooks" }).click();
      await page.getByText("Webhooks are switched off in General settings").waitFor();
    } finally {
      await t.api("/api/settings", { method: "PATCH", body: { enabled: true } });
    }
    await page.close();
  });

  test("the log: a test send carries its badge; an event's uuid opens every delivery of it, each opening its details", async () => {
    const first = await apiCreateWebhook({ name: "Traced A", events: ["custom.traced"] });
    await apiCreateWebhook({ name: "Traced B", events: ["custom.traced"] });
    expect((await t.api(`/api/webhooks/${first.id}/test`, { body: { event: { type: "custom.traced", ticket_id: "TR-test" } } })).status).toBe(200);
    await t.api("/api/events", { body: { type: "custom.traced", ticket_id: "TR-1" } });
    const page = await signedInPage();
    await page.getByRole("link", { name: "Event log" }).click();
    await page.getByLabel("Webhook").selectOption(String(first.id));
    const testRow = page.locator("tbody tr", { hasText: "TR-test" });
    await testRow.locator(".badge-test").waitFor();
    await testRow.getByRole("button", { name: /Details/ }).click();
    await page.getByText("A test send: it is not retried nor resent.").waitFor();
    expect(await page.getByRole("button", { name: "Resend" }).count()).toBe(0);

    const row = page.locator("tbody tr", { hasText: "TR-1" });
    await refreshUntilVisible(page, row.getByText("succeeded"));
    expect(await row.locator(".badge-test").count()).toBe(0);
    await row.getByRole("button", { name: /Details/ }).click();
    await page.getByRole("heading", { name: "custom.traced → Traced A" }).waitFor();
    await page.getByRole("button", { name: /: all its deliveries$/ }).click();
    await page.getByRole("heading", { name: "Event custom.traced" }).waitFor();
    const view = page.locator("section.panel");
    await view.locator("tr", { hasText: "Traced A" }).getByText("succeeded").waitFor();
    await view.locator("tr", { hasText: "Traced B" }).waitFor();
    await screenshot(page, "event-view-1280");
    await view.getByRole("button", { name: "Details: to Traced B" }).click();
    await page.getByRole("heading", { name: "custom.traced → Traced B" }).waitFor();
    await page.close();
  });

  test("the address follows the view: reload, Back and a shared link land where the admin was", async () => {
    const webhook = await apiCreateWebhook({ name: "Addressed PMS", events: ["custom.addressed"] });
    const delivery = (await queueAndFind("custom.addressed", webhook.id))[0]!.id;
    const page = await signedInPage();
    await page.getByRole("link", { name: "Addressed PMS", exact: true }).click();
    await page.getByRole("heading", { name: "Edit: Addressed PMS" }).waitFor();
    expect(await page.evaluate(() => location.hash)).toBe(`#/webhooks/${webhook.id}`);
    await page.reload();
    await page.getByRole("heading", { name: "Edit: Addressed PMS" }).waitFor();

    await page.getByRole("link", { name: "Event log", exact: true }).click();
    await page.getByLabel("Webhook").selectOption(String(webhook.id));
    await page.waitForFunction((id) => location.hash === `#/log?webhook=${id}`, webhook.id);
    await page.locator("tbody tr").first().getByRole("button", { name: /Details/ }).click();
    await page.getByRole("heading", { name: "custom.addressed → Addressed PMS" }).waitFor();
    expect(await page.evaluate(() => location.hash)).toBe(`#/log/${delivery}?webhook=${webhook.id}`);
    await page.goBack();
    await page.getByRole("heading", { name: "custom.addressed → Addressed PMS" }).waitFor({ state: "detached" });
    // the filter's choices arrive after the view: its value is set once they are there
    await page.waitForFunction((id) => [...document.querySelectorAll("select")].some((s) => s.labels?.[0]?.textContent === "Webhook" && s.value === String(id)), webhook.id);
    await page.goBack();
    await page.getByRole("heading", { name: "Edit: Addressed PMS" }).waitFor();

    // a link someone shared, opened in a new tab
    const shared = await signedInPage();
    await shared.goto(`${baseUrl}/#/log/${delivery}`);
    await shared.getByRole("heading", { name: "custom.addressed → Addressed PMS" }).waitFor();
    await shared.goto(`${baseUrl}/#/log/999999`);
    await shared.getByText("Delivery #999999 is not in the log (any more).").waitFor();
    await shared.goto(`${baseUrl}/#/webhooks/999999`);
    await shared.getByText("There is no webhook 999999 (any more).").waitFor();
    await shared.close();
    await page.close();
  });

  test("change a general setting", async () => {
    const page = await signedInPage();
    await page.getByRole("link", { name: "General settings" }).click();
    await page.getByLabel("Read interval (seconds)").fill("0");
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.locator('[data-error-for="read_interval_seconds"]').filter({ hasText: "at least 1 second" }).waitFor();
    await page.getByLabel("Read interval (seconds)").fill("5");
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByText("Saved. The new settings apply at once.").waitFor();
    expect(((await (await t.api("/api/settings")).json()) as { read_interval_seconds: number }).read_interval_seconds).toBe(5);
    await screenshot(page, "settings-1280");
    await page.close();
  });

  test("user-provided text is shown as text, never run", async () => {
    await apiCreateWebhook({ name: "<img src=x onerror=alert(1)>" });
    const page = await signedInPage();
    let dialogs = 0;
    page.on("dialog", async (d) => {
      dialogs++;
      await d.dismiss();
    });
    await page.getByRole("link", { name: "<img src=x onerror=alert(1)>", exact: true }).waitFor();
    expect(await page.locator("img").count()).toBe(0);
    expect(dialogs).toBe(0);
    await page.close();
  });

  test("every tab is readable at 375 px", async () => {
    const page = await signedInPage(375);
    await page.getByText("Loading…").waitFor({ state: "detached" });
    await screenshot(page, "webhooks-375");
    await page.getByRole("link", { name: "Event log" }).click();
    await page.getByRole("heading", { name: "Event log" }).waitFor();
    await screenshot(page, "log-375");
    await page.getByRole("link", { name: "General settings" }).click();
    await page.getByRole("button", { name: "Save settings" }).waitFor();
    await screenshot(page, "settings-375");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.close();
  });

  test("the API reference page renders the OpenAPI document", async () => {
    const page = await browser.newPage();
    const requested = requestedUrls(page);
    await page.goto(`${baseUrl}/api/docs`);
    await page.getByRole("heading", { name: "POST /api/events" }).waitFor();
    await page.getByRole("heading", { name: "WebhookInput" }).waitFor();
    expect(requested.filter((url) => !url.startsWith(baseUrl))).toEqual([]);
    await screenshot(page, "api-reference-1280");
    await page.close();
  });

  test("the page loads nothing from elsewhere and stays small", async () => {
    const page = await browser.newPage();
    const requested = requestedUrls(page);
    await page.goto(baseUrl);
    await submitToken(page);
    for (const tab of ["Event log", "General settings", "Webhooks"]) {
      await page.getByRole("link", { name: tab }).click();
      await page.getByRole("heading", { name: tab }).waitFor();
    }
    expect(requested.filter((url) => !url.startsWith(baseUrl))).toEqual([]);
    await page.close();
    let total = 0;
    for (const path of ["/", "/app.js", "/app.css"]) {
      const res = await fetch(`${baseUrl}${path}`);
      expect(res.status).toBe(200);
      total += (await res.arrayBuffer()).byteLength;
    }
    expect(total).toBeLessThan(200 * 1024);
  });
});
