import { describe, expect, test } from "bun:test";
import { describeSendError } from "../../src/delivery/send-error.ts";

/** An error as Deno's fetch throws it: no code, the reason in its cause's message. */
function denoError(cause: string): TypeError {
  return new TypeError("fetch failed", { cause: new Error(cause) });
}

describe("a request that got no answer, in words", () => {
  test("Deno's errors, which carry no code, read as Bun's do", () => {
    const dns = denoError("error sending request for url (http://crm.example/): client error (Connect): dns error: failed to lookup address information: Name or service not known");
    expect(describeSendError(dns, "http://crm.example/hook", 10_000)).toBe("server name not found (ENOTFOUND crm.example)");
    const refused = denoError("error sending request for url (https://10.0.0.5/): client error (Connect): tcp connect error: Connection refused (os error 111)");
    expect(describeSendError(refused, "https://10.0.0.5/hook", 10_000)).toBe("connection refused (ECONNREFUSED 10.0.0.5:443)");
  });

  test("a certificate the runtime refuses says so with its code", () => {
    const err = Object.assign(new Error("self signed certificate"), { code: "DEPTH_ZERO_SELF_SIGNED_CERT" });
    expect(describeSendError(err, "https://crm.example/", 10_000)).toBe("the server's TLS certificate was not accepted (DEPTH_ZERO_SELF_SIGNED_CERT)");
  });

  test("anything else keeps the runtime's words, cut short", () => {
    expect(describeSendError(new Error("x".repeat(1000)), "http://crm.example/", 10_000)).toBe(`the request failed (${"x".repeat(200)}…)`);
    expect(describeSendError("odd", "http://crm.example/", 10_000)).toBe("the request failed (odd)");
  });

  test("a deadline reads in seconds", () => {
    expect(describeSendError(new DOMException("late", "TimeoutError"), "http://crm.example/", 2_500)).toBe("timed out after 2.5 s");
  });
});
