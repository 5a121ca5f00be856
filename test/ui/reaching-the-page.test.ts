import { beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import type { Server } from "bun";
import type { Browser, Page } from "playwright-core";
import { servedUnder } from "../../src/api/base-path.ts";
import { securedOutsideTheApp } from "../../src/api/security-headers.ts";
import type { Peer } from "../../src/runtime.ts";
import { answerDialog, browserForFile, newPage, requestedUrls, screenshot, submitToken } from "../helpers/browser.ts";
import { cleanupAfterAll } from "../helpers/cleanups.ts";
import { prefixProxyName, startPrefixProxy } from "../helpers/prefix-proxy.ts";
import { createTestApp, type TestApp } from "../helpers/test-app.ts";

// the page from the admin's PC: behind the box's web server under a prefix, or over plain
// HTTP from another machine; each test signs in and goes through several views
setDefaultTimeout(30_000);

const PREFIX = "/webhooks";
/** A name for another machine, that Chromium resolves to this one: not a secure context. */
const LAN_HOST = "box.lan";
const UNENCRYPTED = "This connection is not encrypted: the admin token can be read on the network.";

const launch = await browserForFile([`--host-resolver-rules=MAP ${LAN_HOST} 127.0.0.1`]);
const cleanups = cleanupAfterAll();

let t: TestApp;
let browser: Browser;
/** The app as the service serves it: without a prefix (behind the proxy), and with `--base-path /webhooks`. */
let direct: Server<undefined>;
let basePathUrl: string;
let proxyUrl: string;
/** In front of the app: answers every API call with the 429 of too many failed sign-ins while `refusing`. */
let standInUrl: string;
let refusing = false;

function serve(fetch: (request: Request, peer: Peer) => Response | Promise<Response>): Server<undefined> {
  const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: (request, s) => fetch(request, { address: s.requestIP(request)?.address ?? "" }) });
  cleanups.add(() => server.stop(true));
  return server;
}

const urlOf = (server: Server<undefined>, host = "127.0.0.1") => `http://${host}:${server.port}`;

beforeAll(async () => {
  if (!launch.ok) return;
  browser = launch.browser;
  t = await createTestApp();
  cleanups.add(() => t.close());
  const app = (request: Request, peer: Peer) => t.app.fetch(request, { peer });
  direct = serve(app);
  basePathUrl = urlOf(serve(servedUnder(PREFIX, app, securedOutsideTheApp({ https: false }))));
  const proxy = await startPrefixProxy(PREFIX, urlOf(direct));
  cleanups.add(proxy.stop);
  proxyUrl = proxy.url;
  standInUrl = urlOf(serve((request, peer) => (refusing && new URL(request.url).pathname.startsWith("/api/") ? tooManySignIns() : app(request, peer))));
});

/** The answer of the service's slow-down of failed sign-ins. */
function tooManySignIns(): Response {
  const body = { error: { code: "rate_limited", message: "Too many failed sign-ins from this address; try again in 42 s", issues: [] } };
  return Response.json(body, { status: 429, headers: { "Retry-After": "42" } });
}

/** Signs in, creates a webhook and finds it in the list, opens the log, the API reference and comes back. */
async function useThePage(page: Page, webhookName: string): Promise<void> {
  await submitToken(page);
  await page.getByRole("link", { name: "New webhook", exact: true }).click();
  await page.getByLabel("Name", { exact: true }).fill(webhookName);
  await page.getByLabel("URL", { exact: true }).fill("https://crm.example/hook");
  await page.getByRole("checkbox", { name: /system\.started$/ }).check();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.getByText(`Saved ${webhookName}.`).waitFor();
  await page.getByRole("link", { name: webhookName, exact: true }).waitFor();
  await page.getByRole("link", { name: "Event log" }).click();
  await page.getByRole("heading", { name: "Event log" }).waitFor();
  await page.getByRole("link", { name: "API reference" }).click();
  await page.getByRole("heading", { name: "POST /api/events" }).waitFor();
  await page.getByRole("link", { name: "Admin page" }).click();
  await page.getByRole("link", { name: webhookName, exact: true }).waitFor();
}

/** Fails when the page is wider than its window (a phone scrolls sideways). */
async function expectNoSidewaysScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
}

describe.skipIf(!launch.ok)("reaching the page", () => {
  test(`through ${prefixProxyName()} passing ${PREFIX}/ on to the service without the prefix`, async () => {
    const page = await newPage(browser, 1366);
    const requested = requestedUrls(page);
    await page.goto(`${proxyUrl}${PREFIX}/`);
    await useThePage(page, "Behind the proxy");
    await screenshot(page, "prefix-1366");
    await page.setViewportSize({ width: 375, height: 900 });
    await expectNoSidewaysScroll(page);
    await screenshot(page, "prefix-375");
    expect(requested.filter((url) => !url.startsWith(`${proxyUrl}${PREFIX}/`))).toEqual([]);
    await page.close();
  });

  test(`under --base-path ${PREFIX}: the prefix without its slash leads to the page`, async () => {
    const page = await newPage(browser);
    const requested = requestedUrls(page);
    await page.goto(`${basePathUrl}${PREFIX}`);
    expect(page.url()).toBe(`${basePathUrl}${PREFIX}/`);
    await useThePage(page, "Under the base path");
    // unsaved edits: leaving for the reference asks first, as a tab switch does
    await page.getByRole("link", { name: "New webhook", exact: true }).click();
    await page.getByLabel("Name", { exact: true }).fill("Not saved yet");
    await page.getByRole("link", { name: "API reference" }).click();
    await answerDialog(page, "Cancel");
    await page.getByRole("heading", { name: "New webhook" }).waitFor();
    expect(await page.getByLabel("Name", { exact: true }).inputValue()).toBe("Not saved yet");
    expect(requested.filter((url) => url !== `${basePathUrl}${PREFIX}` && !url.startsWith(`${basePathUrl}${PREFIX}/`))).toEqual([]);
    await page.close();
  });

  test("over plain HTTP from another machine, a banner says the token is readable: on sign-in and on every tab", async () => {
    const page = await newPage(browser, 1366);
    await page.goto(`${urlOf(direct, LAN_HOST)}/`);
    await page.getByText(UNENCRYPTED).waitFor();
    await page.setViewportSize({ width: 375, height: 900 });
    await expectNoSidewaysScroll(page);
    await screenshot(page, "unencrypted-sign-in-375");
    await submitToken(page);
    for (const tab of ["Event log", "General settings", "Webhooks"]) {
      await page.getByRole("link", { name: tab }).click();
      await page.getByRole("heading", { name: tab }).waitFor();
      await page.getByText(UNENCRYPTED).waitFor();
    }
    await page.getByText("Loading…").waitFor({ state: "detached" });
    await expectNoSidewaysScroll(page);
    await screenshot(page, "unencrypted-375");
    await page.setViewportSize({ width: 1366, height: 900 });
    await screenshot(page, "unencrypted-1366");
    await page.close();
  });

  test("on this machine (127.0.0.1) there is no such banner", async () => {
    const page = await newPage(browser);
    await page.goto(`${urlOf(direct)}/`);
    await page.getByLabel("Admin token").waitFor();
    expect(await page.getByText(UNENCRYPTED).count()).toBe(0);
    await submitToken(page);
    await page.getByRole("heading", { name: "Webhooks" }).waitFor();
    expect(await page.getByText(UNENCRYPTED).count()).toBe(0);
    await page.close();
  });

  test("a 429 (too many failed sign-ins) is said in words with the wait, on sign-in and on any call", async () => {
    const page = await newPage(browser);
    await page.goto(`${standInUrl}/`);
    refusing = true;
    try {
      await submitToken(page);
      await page.getByText("Too many failed sign-ins from this address: try again in 42 s").waitFor();
      refusing = false;
      await submitToken(page);
      await page.getByRole("heading", { name: "Webhooks" }).waitFor();
      refusing = true;
      await page.getByRole("link", { name: "General settings" }).click();
      await page.getByText("Too many failed sign-ins from this address: try again in 42 s").waitFor();
    } finally {
      refusing = false;
    }
    expect(await page.getByText(/answered 429/).count()).toBe(0);
    await page.close();
  });
});
