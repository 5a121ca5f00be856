import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import type { Browser, Page } from "playwright-core";
import { answerDialog, browserForFile, newPage, screenshot, submitToken } from "../helpers/browser.ts";
import { jsonOf, type ServedTestApp, servedTestApp, type TestApp } from "../helpers/test-app.ts";

setDefaultTimeout(30_000);

const launch = await browserForFile();

let t: TestApp;
let served: ServedTestApp;
let browser: Browser;
let baseUrl: string;

beforeAll(async () => {
  if (!launch.ok) return;
  browser = launch.browser;
  served = await servedTestApp();
  ({ t, url: baseUrl } = served);
});

afterAll(async () => {
  await served?.close();
});

async function settingsPage(width: number): Promise<Page> {
  const page = await newPage(browser, width);
  await page.goto(baseUrl);
  await submitToken(page);
  await page.getByRole("link", { name: "General settings" }).click();
  await page.getByRole("heading", { name: "API tokens" }).waitFor();
  return page;
}

async function statusWith(token: string): Promise<number> {
  return (await t.app.request("/api/settings", { headers: { Authorization: `Bearer ${token}` } })).status;
}

/** The form of the section whose heading is `heading` (Export, Import). */
const formOf = (page: Page, heading: string) => page.locator("form", { has: page.getByRole("heading", { name: heading, exact: true }) });

async function createWebhook(name: string, url = "http://127.0.0.1:9/hook") {
  expect((await t.api("/api/webhooks", { body: { name, url, events: ["*"] } })).status).toBe(201);
}

describe.skipIf(!launch.ok)("API tokens and export/import on the General settings tab", () => {
  test("a token is created with its scopes, shown once to copy, listed with its last use, and revoked after the page's own question", async () => {
    const page = await settingsPage(1366);
    await page.getByLabel("Token name").fill("PMS check-in script");
    await page.getByRole("checkbox", { name: /^read/ }).check();
    await page.getByRole("button", { name: "Create token" }).click();
    const shown = page.getByLabel('The token "PMS check-in script"');
    await shown.waitFor();
    const token = await shown.inputValue();
    expect(token).toMatch(/^iwh_/);
    await page.getByRole("button", { name: "Copy" }).click();
    await page.getByText(/^(Copied\.|Selected: press Ctrl\+C to copy\.)$/).waitFor();

    expect(await statusWith(token)).toBe(200);
    const row = page.getByRole("row", { name: /PMS check-in script/ });
    expect(await row.innerText()).toMatch(/PMS check-in script\s+events:write read\s+.+\s+never/);
    await screenshot(page, "tokens-1366");

    const narrow = await settingsPage(375);
    await narrow.getByRole("button", { name: "Revoke PMS check-in script" }).waitFor();
    await screenshot(narrow, "tokens-375");
    await narrow.close();

    await page.getByRole("button", { name: "Revoke PMS check-in script" }).click();
    expect(await answerDialog(page, "Revoke")).toContain('Revoke the token "PMS check-in script"?');
    await page.getByText('Revoked "PMS check-in script".').waitFor();
    expect(await page.getByRole("row", { name: /PMS check-in script/ }).count()).toBe(0);
    expect(await statusWith(token)).toBe(401);
    await page.close();
  });

  test("export downloads the configuration with its secrets sealed; import previews what it adds, changes and deletes", async () => {
    await createWebhook("Front desk");
    await createWebhook("Old monitor");
    const page = await settingsPage(1366);

    const exportForm = formOf(page, "Export");
    await exportForm.getByLabel("Passphrase", { exact: true }).fill("backup passphrase");
    await exportForm.getByLabel("Passphrase again").fill("backup passphrase");
    const downloading = page.waitForEvent("download");
    await exportForm.getByRole("button", { name: "Export" }).click();
    const file = await downloading;
    const exported = JSON.parse(await new Response((await file.createReadStream()) as unknown as ReadableStream).text()) as {
      webhooks: { name: string; url: string }[];
      secrets?: unknown;
    };
    expect(exported.webhooks.map((w) => w.name)).toEqual(["Front desk", "Old monitor"]);
    expect(exported.secrets).toBeDefined();

    // the file as another box's: one webhook changed, one new, one the box has left out
    const document = {
      ...exported,
      webhooks: [
        { ...exported.webhooks[0]!, url: "http://127.0.0.1:9/changed" },
        { ...exported.webhooks[1]!, id: 99, name: "PMS check-out" },
      ],
    };
    const importForm = formOf(page, "Import");
    await importForm.getByLabel("File", { exact: true }).setInputFiles({ name: "backup.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(document)) });
    await importForm.getByLabel("Passphrase", { exact: true }).fill("backup passphrase");
    await importForm.getByRole("radio", { name: /Replace/ }).check();
    await importForm.getByRole("button", { name: "Preview import" }).click();
    const preview = importForm.locator(".import-preview");
    await preview.waitFor();
    expect(await preview.innerText()).toMatch(/Added \(1\)\s+PMS check-out\s+Changed \(1\)\s+Front desk\s+Deleted \(1\)\s+Old monitor/);
    const names = async () => (await jsonOf<{ items: { name: string }[] }>(t.api("/api/webhooks"))).items.map((w) => w.name).sort();
    expect(await names()).toEqual(["Front desk", "Old monitor"]);
    await screenshot(page, "import-preview-1366");
    await page.setViewportSize({ width: 375, height: 900 });
    await screenshot(page, "import-preview-375");

    await importForm.getByRole("button", { name: "Import", exact: true }).click();
    expect(await answerDialog(page, "Import")).toBe("Import and delete 1 webhook the file does not hold?");
    await page.getByText("Imported. The new configuration applies at once.").waitFor();
    expect(await names()).toEqual(["Front desk", "PMS check-out"]);
    await page.close();
  });

  test("an import that cannot be read names its problems, and a wrong passphrase at its field", async () => {
    const page = await settingsPage(1366);
    const { webhooks, ...rest } = await jsonOf<{ webhooks: Record<string, unknown>[] }>(t.api("/api/config/export", { body: { passphrase: "right passphrase" } }));
    const document = { ...rest, webhooks: [{ ...webhooks[0]!, url: "ftp://nowhere" }] };
    const importForm = formOf(page, "Import");
    await importForm.getByLabel("File", { exact: true }).setInputFiles({ name: "backup.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(document)) });
    await importForm.getByLabel("Passphrase", { exact: true }).fill("wrong passphrase");
    await importForm.getByRole("button", { name: "Preview import" }).click();
    await importForm.getByText("does not open the document's secrets (or they were altered)", { exact: true }).waitFor();
    await importForm.getByLabel("Passphrase", { exact: true }).fill("right passphrase");
    await importForm.getByRole("button", { name: "Preview import" }).click();
    await importForm.locator("ul.problems").getByText("document.webhooks.0.url").waitFor();
    await page.close();
  });
});
