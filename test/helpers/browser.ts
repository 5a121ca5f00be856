import { chromium, type Browser, type Page } from "playwright-core";
import { mkdir } from "node:fs/promises";

const ARTIFACTS = new URL("../artifacts/", import.meta.url).pathname;
/** Playwright waits 3 minutes by default; a Chromium that starts at all starts in seconds. */
const LAUNCH_TIMEOUT_MS = 20_000;

export type BrowserLaunch = { ok: true; browser: Browser } | { ok: false; reason: string };

/**
 * Debian's Chromium, headless, with no network but loopback (the flags keep it from phoning
 * home). A failure is a result, with the reason and which Chromium was tried.
 */
export async function launchBrowser(): Promise<BrowserLaunch> {
  const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  try {
    const browser = await chromium.launch({
      executablePath,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
      timeout: LAUNCH_TIMEOUT_MS,
    });
    return { ok: true, browser };
  } catch (err) {
    return { ok: false, reason: `${executablePath} did not start: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** Saves a full-page screenshot under test/artifacts/ (ignored by git) for a person to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });
}
