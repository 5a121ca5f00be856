import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { publicAssets } from "../../src/generated/public-assets.ts";
import { createTestApp, TEST_ADMIN_TOKEN, type TestApp } from "../helpers/test-app.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const PAGES = ["/", ...Object.keys(publicAssets)];

/**
 * A HEAD over a real server (it is the server that counts the length of a body the app
 * leaves unstated) has the GET's headers, its real length included, and no body.
 */
async function expectHeadAsGet(path: string, headers: Record<string, string> = {}) {
  const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: t.app.fetch });
  try {
    const get = await fetch(`${server.url}${path}`, { headers });
    const length = (await get.arrayBuffer()).byteLength;
    const head = await fetch(`${server.url}${path}`, { method: "HEAD", headers });
    expect(head.status, path).toBe(get.status);
    expect(head.headers.get("content-length"), path).toBe(String(length));
    const withoutDate = (res: Response) => [...res.headers].filter(([name]) => name !== "date");
    expect(withoutDate(head), path).toEqual(withoutDate(get));
    expect((await head.arrayBuffer()).byteLength, path).toBe(0);
  } finally {
    server.stop(true);
  }
}
const POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

function expectSecurityHeaders(res: Response, what: string) {
  expect(res.headers.get("content-security-policy"), what).toBe(POLICY);
  expect(res.headers.get("x-content-type-options"), what).toBe("nosniff");
  expect(res.headers.get("x-frame-options"), what).toBe("DENY");
  expect(res.headers.get("referrer-policy"), what).toBe("no-referrer");
}

describe("admin page", () => {
  test("the page, its assets and the API reference carry the security headers, and so do the API's answers, errors included", async () => {
    for (const path of PAGES) {
      const res = await t.app.request(path);
      expect(res.status, path).toBe(200);
      expectSecurityHeaders(res, path);
    }
    expectSecurityHeaders(await t.app.request("/api/docs"), "/api/docs");
    for (const [path, status] of [["/api/health", 200], ["/api/openapi.json", 200], ["/api/webhooks", 401], ["/nowhere", 404]] as const) {
      const res = await t.app.request(path);
      expect(res.status, path).toBe(status);
      expectSecurityHeaders(res, path);
    }
    const created = await t.api("/api/webhooks", { body: { name: "x", url: "not a url", events: ["*"] } });
    expect(created.status).toBe(422);
    expectSecurityHeaders(created, "a 422");
  });

  test("nothing in the page is of a kind the policy blocks: no inline script or style, eval, data: or blob: URL, HTML parsing", () => {
    const text = (path: string) => Buffer.from(publicAssets[path]!.base64, "base64").toString("utf8");
    const blocked: string[] = [];
    for (const path of Object.keys(publicAssets)) {
      const source = text(path);
      const checks: [string, RegExp][] = path.endsWith(".html")
        ? [
            ["inline script", /<script(?![^>]*\bsrc=)[^>]*>/i],
            ["style attribute or element", /\sstyle=|<style/i],
            ["event handler attribute", /\son[a-z]+=/i],
            // same origin: a relative path, so the page works under a proxy's prefix
            ["script from elsewhere", /<(?:script|link)[^>]*\b(?:src|href)="(?:[a-z][a-z0-9+.-]*:|\/\/)/i],
            ["asset from the root, not under a prefix", /<(?:script|link)[^>]*\b(?:src|href)="\//i],
          ]
        : path.endsWith(".css")
          ? [["url() or @import", /url\(|@import/i]]
          : [
              ["eval", /\beval\(|new Function\(|\bFunction\(/],
              ["HTML parsing", /innerHTML|outerHTML|insertAdjacentHTML|document\.write|createContextualFragment/],
              ["style attribute", /setAttribute\(["']style|\.style\.cssText|["']style["']\s*:/],
              ["data: or blob: URL", /["'`](?:data|blob):/],
            ];
      for (const [what, pattern] of checks) if (pattern.test(source)) blocked.push(`${path}: ${what}`);
    }
    expect(blocked).toEqual([]);
  });

  test("HEAD answers every page and asset with the headers of GET, its real length included, and no body", async () => {
    for (const path of PAGES) await expectHeadAsGet(path.slice(1));
  });

  test("HEAD on the API states the length of the GET's answer, errors included", async () => {
    const auth = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
    for (const path of ["api/health", "api/openapi.json", "api/webhooks/999"]) await expectHeadAsGet(path);
    await expectHeadAsGet("api/settings", auth);
  });
});
