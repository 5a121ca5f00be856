import { afterAll, test } from "bun:test";
import { expect } from "bun:test";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import Packaged from "@sparticuz/chromium";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { unpackPackagedChromium, type PackagedChromium } from "./packaged-chromium.ts";
import { TEST_ADMIN_TOKEN, type TestApp } from "./test-app.ts";

const ARTIFACTS = new URL("../artifacts/", import.meta.url).pathname;
const SYSTEM_CHROMIUM = "/usr/bin/chromium";
/** Playwright waits 3 minutes by default; a Chromium that starts at all starts in seconds. */
const LAUNCH_TIMEOUT_MS = 20_000;

/** Keep Chromium from phoning home: the tests allow it no network but loopback. */
const QUIET = ["--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

/**
 * Flags the package adds for AWS Lambda that would test the page under weaker rules than a
 * real browser's (no same-origin policy, mixed content allowed) or in Chromium's unsupported
 * one-process mode, which Lambda needs and this machine does not.
 */
const LAMBDA_ONLY = new Set(["--disable-web-security", "--allow-running-insecure-content", "--disable-site-isolation-trials", "--single-process"]);

export type BrowserLaunch = { ok: true; browser: Browser } | { ok: false; reason: string };

/**
 * Headless Chromium for the admin page tests: the one CHROMIUM_PATH names, else the system's
 * (/usr/bin/chromium) when installed, else the one the npm package @sparticuz/chromium ships,
 * so `npm install && npm test` needs nothing from the system. A failure is a result, with the
 * reason and which Chromium was tried. `args` are command-line flags beside the usual ones.
 */
export async function launchBrowser(args: string[] = []): Promise<BrowserLaunch> {
  const chosen = process.env.CHROMIUM_PATH ?? (existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined);
  try {
    const browser = chosen === undefined ? await launchPackaged(await unpackPackagedChromium(), args) : await launchInstalled(chosen, args);
    return { ok: true, browser };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return { ok: false, reason: `${chosen ?? "the Chromium of @sparticuz/chromium"} did not start: ${reason}` };
  }
}

function launchInstalled(executablePath: string, args: string[]): Promise<Browser> {
  return chromium.launch({ executablePath, args: ["--headless", "--no-sandbox", "--disable-gpu", ...QUIET, ...args], timeout: LAUNCH_TIMEOUT_MS });
}

/** Starts an unpacked @sparticuz/chromium with the package's flags, less those for Lambda only. */
export function launchPackaged({ executablePath, fontconfigFile }: PackagedChromium, args: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath,
    args: [...Packaged.args.filter((flag) => !LAMBDA_ONLY.has(flag)), ...QUIET, ...args],
    env: { ...process.env, FONTCONFIG_FILE: fontconfigFile },
    timeout: LAUNCH_TIMEOUT_MS,
  });
}

/**
 * The one Chromium of a page test file (a launch costs seconds), launched while the file
 * loads: one that cannot start is one failing test saying why, and the file's page tests,
 * under `describe.skipIf(!launch.ok)`, are skipped (a failing beforeAll would show only as
 * "(unnamed)"). Closed after the file's last test.
 */
export async function browserForFile(args: string[] = []): Promise<BrowserLaunch> {
  const launch = await launchBrowser(args);
  test("Chromium starts for the admin page tests", () => {
    if (!launch.ok) throw new Error(launch.reason);
  });
  afterAll(() => (launch.ok ? launch.browser.close() : undefined));
  return launch;
}

/** A new tab of `width` × 900 px in which an error the page throws fails the test. */
export async function newPage(browser: Browser, width = 1280): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  page.on("pageerror", (err) => {
    throw err;
  });
  return page;
}

/**
 * A new tab of `width` px on the admin page at `baseUrl`, signed in, its clock installed (tests
 * move it on rather than wait for the log's refresh).
 */
export async function signedInPage(browser: Browser, baseUrl: string, width = 1280): Promise<Page> {
  const page = await newPage(browser, width);
  await page.clock.install();
  await page.goto(baseUrl);
  await submitToken(page);
  await page.getByRole("link", { name: "Webhooks" }).waitFor();
  return page;
}

/** Signs in on the admin page's sign-in screen with `token` (the test app's by default). */
export async function submitToken(page: Page, token = TEST_ADMIN_TOKEN): Promise<void> {
  await page.getByLabel("Admin token").fill(token);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Every URL `page` requests from now on. */
export function requestedUrls(page: Page): string[] {
  const urls: string[] = [];
  page.on("request", (r) => urls.push(r.url()));
  return urls;
}

/**
 * Saves a screenshot under test/artifacts/ (ignored by git) for a person to look at: of the
 * full page, or of what the window shows (`view`), where a modal dialog is.
 */
export async function screenshot(page: Page, name: string, what: "page" | "view" = "page"): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: what === "page" });
}

/** Answers the page's own question dialog with the button `answer`; returns the question asked. */
export async function answerDialog(page: Page, answer: string): Promise<string> {
  const dialog = page.getByRole("alertdialog");
  await dialog.waitFor();
  const question = (await dialog.locator("p").textContent()) ?? "";
  await dialog.getByRole("button", { name: answer, exact: true }).click();
  await dialog.waitFor({ state: "detached" });
  return question;
}

/** The log and a webhook's recent deliveries refresh every 5 s: tests move the page's clock on instead of waiting. */
export const LOG_REFRESH_MS = 5_000;

/** Waits for `locator` to show, moving the page's clock to its next log refresh each time the last one was answered. */
export async function refreshUntilVisible(page: Page, locator: Locator, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await locator.isVisible())) {
    if (Date.now() > deadline) throw new Error(`not shown within ${timeoutMs} ms: ${locator}`);
    const refreshed = page.waitForResponse((r) => r.url().includes("/api/log"));
    await page.clock.fastForward(LOG_REFRESH_MS);
    await refreshed;
  }
}

/** Creates a webhook through the API (every event, unless `body` says otherwise). */
export async function apiCreateWebhook(t: TestApp, body: Record<string, unknown>): Promise<{ id: number; name: string }> {
  const res = await t.api("/api/webhooks", { body: { events: ["*"], ...body } });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { id: number; name: string };
}
