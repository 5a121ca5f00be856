import { describe, expect, test } from "bun:test";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { escapeJson, escapeUrl, escapeXml, headerValue } from "../../src/delivery/escape.ts";

const NASTY = `"quote" \\backslash <tag> &amp; 'apos' \n\r\t \u0000\u0001\u001f \u2028 ünïcödé 😀`;

describe("escapers", () => {
  test("JSON: any value round-trips inside a string literal", () => {
    expect(JSON.parse(`"${escapeJson(NASTY)}"`)).toBe(NASTY);
    expect(escapeJson(42)).toBe("42");
  });

  test("XML: well-formed in text and attributes; only the characters XML forbids are dropped", () => {
    const xml = `<a b="${escapeXml(NASTY)}">${escapeXml(NASTY)}</a>`;
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, trimValues: false, parseTagValue: false, htmlEntities: true }).parse(xml);
    const expected = NASTY.replace(/[\u0000\u0001\u001f]/g, "");
    expect(doc.a["#text"]).toBe(expected);
    expect(doc.a["@_b"]).toBe(expected);
  });

  test("URL: reserved characters are percent-encoded", () => {
    expect(escapeUrl("a b/c?d=e&f#g")).toBe("a%20b%2Fc%3Fd%3De%26f%23g");
    expect(decodeURIComponent(escapeUrl(NASTY))).toBe(NASTY);
    expect(escapeUrl("Zimmer \ud83d")).toBe("Zimmer%20%EF%BF%BD");
  });

  test("header values: control characters removed, beyond ASCII percent-encoded as UTF-8; any such value can be set", () => {
    expect(headerValue("Smith\r\nX-Evil: 1\u0000\u007f")).toBe("SmithX-Evil: 1");
    expect(headerValue("Zimmer 12 – Łukasz Müller")).toBe("Zimmer 12 %E2%80%93 %C5%81ukasz M%C3%BCller");
    expect(decodeURIComponent(headerValue("東京 😀"))).toBe("東京 😀");
    expect(headerValue("lone \ud83d")).toBe("lone %EF%BF%BD");
    const headers = new Headers();
    headers.set("X-Nasty", headerValue(NASTY));
    expect(headers.get("X-Nasty")).toBe(headerValue(NASTY));
  });
});
