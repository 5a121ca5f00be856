import { chromium, type Browser, type Page } from "playwright-core";
import { mkdir } from "node:fs/promises";

const ARTIFACTS = new URL("../artifacts/", import.meta.url).pathname;

/** Debian's Chromium, headless, with no network but loopback (the flags keep it from phoning home). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/** Saves a full-page screenshot under test/artifacts/ (ignored by git) for a person to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });
}
