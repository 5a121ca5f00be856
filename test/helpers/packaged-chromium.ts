import { existsSync } from "node:fs";
import { lstat, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = new URL("../..", import.meta.url).pathname;

/** The package unpacks into `os.tmpdir()`; a child process with its own TMPDIR decides where. */
const UNPACK = 'import Chromium from "@sparticuz/chromium"; await Chromium.executablePath();';

export interface PackagedChromium {
  executablePath: string;
  /** For the browser's environment: fontconfig reads this file instead of the machine's. */
  fontconfigFile: string;
}

/**
 * The headless Chromium of the npm package @sparticuz/chromium, unpacked (about 220 MB) once per
 * version into `dir`. It is unpacked beside `dir` and renamed into place when complete, so an
 * interrupted or concurrent first run never leaves a half-written browser that later runs trust
 * (the package itself only checks that /tmp/chromium exists). `dir` defaults to one under the
 * system temp dir named after the pinned version and the user; `systemFontconfig` is the
 * machine's font setup.
 */
export async function unpackPackagedChromium(dir?: string, systemFontconfig = "/etc/fonts/fonts.conf"): Promise<PackagedChromium> {
  const target = dir ?? join(tmpdir(), `iacbox-webhooks-chromium-${await pinnedVersion()}-${process.getuid?.() ?? "user"}`);
  if (!existsSync(target)) await unpackInto(target, systemFontconfig);
  await refuseUnlessOwn(target);
  return { executablePath: join(target, "chromium"), fontconfigFile: join(target, "fonts.conf") };
}

async function unpackInto(target: string, systemFontconfig: string): Promise<void> {
  const staging = await mkdtemp(`${target}.partial-`);
  try {
    const child = Bun.spawn([process.execPath, "-e", UNPACK], { cwd: ROOT, env: { ...process.env, TMPDIR: staging }, stdout: "ignore", stderr: "pipe" });
    const [code, stderr] = await Promise.all([child.exited, new Response(child.stderr).text()]);
    if (code !== 0) throw new Error(`unpacking @sparticuz/chromium failed (exit ${code}): ${stderr.trim()}`);
    await writeFile(join(staging, "fonts.conf"), fontconfig(target, systemFontconfig));
    await rename(staging, target).catch((err: NodeJS.ErrnoException) => {
      // another run renamed its complete copy into place first: use that one
      if (err.code !== "ENOTEMPTY" && err.code !== "EEXIST") throw err;
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** A shared temp dir's name can be taken by anyone: run a browser only from this user's own copy. */
async function refuseUnlessOwn(target: string): Promise<void> {
  const info = await lstat(target);
  const own = info.isDirectory() && info.uid === (process.getuid?.() ?? info.uid) && (info.mode & 0o022) === 0;
  if (!own) throw new Error(`${target} is in the way (not a directory of this user's that only it can write): remove it`);
}

/** The exact version package.json pins, so a version bump unpacks afresh. */
async function pinnedVersion(): Promise<string> {
  const manifest = (await Bun.file(`${ROOT}package.json`).json()) as { devDependencies: Record<string, string> };
  return manifest.devDependencies["@sparticuz/chromium"] ?? "unpinned";
}

/**
 * The machine's fonts where it has any, and always the Open Sans the package ships: on a
 * machine without fonts (no fontconfig package installed) Chromium paints no text at all.
 */
function fontconfig(dir: string, systemFontconfig: string): string {
  return `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">${systemFontconfig}</include>
  <dir>${dir}/fonts/fonts</dir>
  <cachedir>${dir}/fontconfig-cache</cachedir>
</fontconfig>
`;
}
