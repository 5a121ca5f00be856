import { expect, setDefaultTimeout, test } from "bun:test";
import { chmod, mkdir, readdir } from "node:fs/promises";
import { launchPackaged } from "../helpers/browser.ts";
import { unpackPackagedChromium } from "../helpers/packaged-chromium.ts";
import { cleanupAfterEach } from "../helpers/cleanups.ts";

// each test unpacks a copy of its own (about 220 MB, a few seconds)
setDefaultTimeout(30_000);

const cleanups = cleanupAfterEach();

test("two first runs at once both get the one complete copy, and no half-unpacked one stays behind", async () => {
  const parent = await cleanups.tempDir();
  const [first, second] = await Promise.all([unpackPackagedChromium(`${parent}/chromium`), unpackPackagedChromium(`${parent}/chromium`)]);
  expect(second).toEqual(first);
  expect(await readdir(parent)).toEqual(["chromium"]);
  const version = Bun.spawn([first.executablePath, "--version"], { stdout: "pipe" });
  expect(await new Response(version.stdout).text()).toStartWith("Chromium ");
});

test("text is painted on a machine without fonts of its own", async () => {
  const packaged = await unpackPackagedChromium(`${await cleanups.tempDir()}/chromium`, "/nonexistent/fonts.conf");
  const browser = await launchPackaged(packaged);
  try {
    const page = await browser.newPage();
    await page.setContent('<p id="text" style="font: 24px sans-serif">Webhooks</p><p id="blank" style="font: 24px sans-serif; color: transparent">Webhooks</p>');
    const [text, blank] = await Promise.all([page.locator("#text").screenshot(), page.locator("#blank").screenshot()]);
    expect(text.equals(blank)).toBe(false);
  } finally {
    await browser.close();
  }
});

test("a copy in the way that others can write to is refused, not run", async () => {
  const target = `${await cleanups.tempDir()}/chromium`;
  await mkdir(target);
  await chmod(target, 0o777);
  await Bun.write(`${target}/chromium`, "#!/bin/sh\necho planted\n");
  await Bun.write(`${target}/fonts.conf`, "<fontconfig/>\n");
  await expect(unpackPackagedChromium(target)).rejects.toThrow(`${target} is in the way`);
});
