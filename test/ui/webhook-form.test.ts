import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import type { Browser, Page } from "playwright-core";
import { answerDialog, browserForFile, screenshot, signedInPage } from "../helpers/browser.ts";
import { startReceiver, type Receiver } from "../helpers/receiver.ts";
import { type ServedTestApp, servedTestApp, type TestApp } from "../helpers/test-app.ts";

setDefaultTimeout(30_000);

const launch = await browserForFile();

let t: TestApp;
let served: ServedTestApp;
let browser: Browser;
let receiver: Receiver;
let baseUrl: string;

beforeAll(async () => {
  if (!launch.ok) return;
  browser = launch.browser;
  served = await servedTestApp();
  ({ t, url: baseUrl } = served);
  receiver = startReceiver(() => new Response("ok"));
});

afterAll(async () => {
  receiver?.stop();
  await served?.close();
});

async function newForm(width = 1366): Promise<Page> {
  const page = await signedInPage(browser, baseUrl, width);
  await page.getByRole("link", { name: "New webhook", exact: true }).click();
  await page.getByRole("heading", { name: "New webhook" }).waitFor();
  return page;
}

/** Whether the page scrolls sideways (it must not, at 375 px above all). */
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** The label of the element that has the focus. */
const focusedLabel = (page: Page) => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.labels?.[0]?.textContent?.trim() ?? null);

/** Every answer of 400 or more and every console error from now on. */
function failuresOf(page: Page): string[] {
  const failures: string[] = [];
  page.on("response", (r) => void (r.status() >= 400 && failures.push(`${r.status()} ${r.url()}`)));
  page.on("console", (m) => void (m.type() === "error" && failures.push(m.text())));
  return failures;
}

const preview = (page: Page) => page.locator("pre.preview");

describe.skipIf(!launch.ok)("the webhook form", () => {
  test("a new form: Enabled first, the request previewed before anything is typed, no red, and it fits at 375 px", async () => {
    for (const width of [1366, 375]) {
      const page = await newForm(width);
      await preview(page).filter({ hasText: "POST (no URL yet)" }).waitFor();
      expect(await page.locator("form.webhook-form input, form.webhook-form select, form.webhook-form textarea").first().getAttribute("type")).toBe("checkbox");
      expect(await page.locator("form.webhook-form label.check").first().textContent()).toBe(" Enabled");
      expect(await page.locator(".error-summary").isVisible()).toBe(false);
      expect(await page.locator('[data-error-for="name"]').textContent()).toBe("");
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      await screenshot(page, `form-new-${width}`);
      await page.close();
    }
  });

  test("Save with errors: one summary lists every problem by its label, each a link to its field, and the first field has the focus", async () => {
    for (const width of [1366, 375]) {
      const page = await newForm(width);
      await page.getByLabel("URL", { exact: true }).fill("crm.example/no-scheme");
      await page.getByLabel("Body", { exact: true }).fill('{"v":"{{volume_usd}}"}');
      await page.getByRole("button", { name: "Save", exact: true }).click();
      const summary = page.locator(".error-summary");
      await summary.getByRole("heading", { name: "4 problems stop it from being saved" }).waitFor();
      expect(await summary.getByRole("link").allTextContents()).toEqual([
        "Name: must not be empty",
        "URL: must be an absolute URL such as https://crm.example/hook",
        "Events: select at least one event",
        "Body: unknown placeholder volume_usd; did you mean volume_used?",
      ]);
      expect(await page.locator('[data-error-for="url"]').textContent()).toContain("must be an absolute URL");
      expect(await focusedLabel(page)).toBe("Name");
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      await screenshot(page, `form-errors-${width}`);

      await summary.getByRole("link", { name: /^Body:/ }).click();
      expect(await focusedLabel(page)).toBe("Body");
      await summary.getByRole("link", { name: /^Events:/ }).click();
      expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe("*");
      // the address stays the form's: the links go to fields, not to another view
      expect(await page.evaluate(() => location.hash)).toBe("#/webhooks/new");
      await page.close();
    }
  });

  test("typing a form: never a 4xx, the preview renders what it can, half-filled token auth is marked incomplete", async () => {
    const page = await newForm();
    const failures = failuresOf(page);
    await page.getByLabel("URL", { exact: true }).pressSequentially(`${receiver.url}/crm`);
    await page.getByLabel("Body", { exact: true }).pressSequentially('{"t":"{{event.type}}"}');
    await preview(page).filter({ hasText: '{"t":"ticket.logged_in"}' }).waitFor();
    await page.getByLabel("Authentication type").selectOption("token");
    await page.getByLabel("Username").fill("box");
    await preview(page).filter({ hasText: "authorization: (token request incomplete: URL missing, token field missing)" }).waitFor();
    expect(await preview(page).textContent()).toContain(`POST ${receiver.url}/crm`);
    expect(await page.getByLabel("Token refresh interval (minutes)").evaluate((i: HTMLInputElement) => [i.min, i.max])).toEqual(["1", "525600"]);
    await screenshot(page, "form-token-incomplete-1366");
    await page.getByLabel("Authentication URL").pressSequentially(`${receiver.url}/login`);
    await page.getByLabel("Token field").pressSequentially("token");
    await preview(page).filter({ hasText: "authorization: Bearer [redacted]" }).waitFor();
    expect(failures).toEqual([]);
    await page.close();
  });

  test("a preview answered late does not overwrite the one asked for after it", async () => {
    const page = await newForm();
    const first = (r: { postData(): string | null }) => (r.postData() ?? "").includes("first.example");
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route("**/api/webhooks/preview/draft", async (route) => {
      if (first(route.request())) await held;
      await route.continue();
    });
    const url = page.getByLabel("URL", { exact: true });
    const asked = page.waitForRequest((r) => r.url().includes("/preview/draft") && first(r));
    await url.fill("https://first.example/");
    await asked;
    await url.fill("https://second.example/");
    await preview(page).filter({ hasText: "POST https://second.example/" }).waitFor();
    const late = page.waitForResponse((r) => r.url().includes("/preview/draft") && first(r.request()));
    release();
    await (await late).finished();
    // a turn of the page's event loop, in which it would have shown the late answer
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
    expect(await preview(page).textContent()).toContain("POST https://second.example/");
    await page.close();
  });

  test("the placeholder picker inserts what works where the cursor is; unknown names are said under the field", async () => {
    const page = await newForm();
    const body = page.getByLabel("Body", { exact: true });
    const pick = (name: string) => page.locator(".placeholders").getByRole("button", { name, exact: true }).click();
    await body.pressSequentially('{"data":');
    await pick("event.data");
    await page.keyboard.type(',"ip":"');
    await pick("client_ip");
    await page.keyboard.type('","used":');
    await pick("time_used");
    await page.keyboard.type("}");
    expect(await body.inputValue()).toBe('{"data":{{{event.data}}},"ip":"{{client_ip}}","used":"{{time_used}}"}');
    await preview(page).filter({ hasText: '"ip":"10.20.1.57"' }).waitFor();
    expect(await page.locator('[data-error-for="body"]').textContent()).toBe("");

    await page.getByLabel("URL", { exact: true }).pressSequentially("https://crm.example/t/");
    await pick("event.ticket_id");
    expect(await page.getByLabel("URL", { exact: true }).inputValue()).toBe("https://crm.example/t/{{event.ticket_id}}");

    await page.getByLabel("Body mime type").selectOption("application/xml");
    await body.fill("<e>");
    await body.press("End");
    await pick("client_ip");
    expect(await body.inputValue()).toBe("<e>{{client_ip}}");

    await page.getByLabel("Body mime type").selectOption("application/json");
    await body.fill('{"v":"{{volume_usd}}","r":"{{romm}}"}');
    const message = page.locator('[data-error-for="body"]');
    await message.filter({ hasText: "unknown placeholder volume_usd; did you mean volume_used?" }).waitFor();
    expect(await message.textContent()).toBe("unknown placeholder volume_usd; did you mean volume_used?\nunknown placeholder romm (GET /api/placeholders lists the known ones)");
    // read out with the field: the textarea is described by its message
    expect(await body.getAttribute("aria-describedby")).toBe(await message.getAttribute("id"));
    await screenshot(page, "form-placeholder-unknown-1366");
    await page.close();
  });

  test("the discard and delete dialogs fit at 375 and 1366 px", async () => {
    const created = await t.api("/api/webhooks", { body: { name: "Dialog check", url: `${receiver.url}/d`, events: ["*"] } });
    const { id } = (await created.json()) as { id: number };
    for (const width of [375, 1366]) {
      const page = await signedInPage(browser, baseUrl, width);
      await page.goto(`${baseUrl}/#/webhooks/${id}`);
      await page.getByLabel("Name", { exact: true }).fill("Dialog check, edited");
      await page.getByRole("button", { name: "Cancel" }).click();
      const dialog = page.getByRole("alertdialog");
      await dialog.waitFor();
      const box = (await dialog.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(width);
      await screenshot(page, `dialog-discard-${width}`, "view");
      await answerDialog(page, "Cancel");
      await page.getByRole("button", { name: "Delete" }).click();
      await dialog.waitFor();
      await screenshot(page, `dialog-delete-${width}`, "view");
      await answerDialog(page, "Cancel");
      await page.close();
    }
  });

  test("General settings: the API's bounds on every number, Save with errors lists them all by label", async () => {
    const page = await signedInPage(browser, baseUrl, 375);
    await page.getByRole("link", { name: "General settings" }).click();
    const interval = page.getByLabel("Read interval (seconds)");
    await interval.waitFor();
    expect(await interval.evaluate((i: HTMLInputElement) => [i.min, i.max])).toEqual(["1", "3600"]);
    expect(await page.getByLabel("Attempts per delivery").evaluate((i: HTMLInputElement) => [i.min, i.max])).toEqual(["1", "20"]);
    await interval.fill("0");
    await page.getByLabel("Attempts per delivery").fill("99");
    await page.getByRole("button", { name: "Save settings" }).click();
    const summary = page.locator(".error-summary");
    await summary.getByRole("heading", { name: "2 problems stop it from being saved" }).waitFor();
    expect(await summary.getByRole("link").allTextContents()).toEqual([
      "Read interval (seconds): must be at least 1 second",
      "Attempts per delivery: must be at most 20 attempts",
    ]);
    expect(await focusedLabel(page)).toBe("Read interval (seconds)");
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, "settings-errors-375");
    await summary.getByRole("link", { name: /^Attempts per delivery/ }).click();
    expect(await focusedLabel(page)).toBe("Attempts per delivery");
    await interval.fill("5");
    await page.getByLabel("Attempts per delivery").fill("6");
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByText("Saved. The new settings apply at once.").waitFor();
    expect(await summary.isVisible()).toBe(false);
    await page.close();
  });
});
