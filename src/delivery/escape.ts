/**
 * Escapers for `{{value}}` in each place a template can put it, so a guest name with
 * `"`, `<`, `&` or a newline cannot break the request. `{{{value}}}` stays raw, as in
 * mustache: useful for `{{{event.data}}}` as a JSON object, at the author's risk.
 */
export type Escaper = (value: unknown) => string;

/** Inside a JSON string literal. */
export const escapeJson: Escaper = (value) => JSON.stringify(String(value)).slice(1, -1);

// Characters XML 1.0 forbids even as references: they would make the document malformed.
// eslint-disable-next-line no-control-regex
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Removes the characters no XML document may contain. */
export function stripXmlForbidden(text: string): string {
  return text.replace(XML_FORBIDDEN, "");
}
// Tab, LF and CR as character references: a parser normalises them when literal (CR to
// LF everywhere, all three to spaces in attributes), and the receiver must get the bytes.
const XML_ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
  "\t": "&#9;",
  "\n": "&#10;",
  "\r": "&#13;",
};

/** In XML text or an attribute value. */
export const escapeXml: Escaper = (value) =>
  stripXmlForbidden(String(value)).replace(/[&<>"'\t\n\r]/g, (c) => XML_ENTITIES[c]!);

/** In a URL: every reserved character percent-encoded (a lone surrogate as U+FFFD, which UTF-8 can carry). */
export const escapeUrl: Escaper = (value) => encodeURIComponent(String(value).toWellFormed());

/** In an `application/x-www-form-urlencoded` body, as a form serialises a field's value (a space as `+`). */
export const escapeForm: Escaper = (value) => new URLSearchParams([["", String(value).toWellFormed()]]).toString().slice(1);

/**
 * A whole header value, literal text and placeholders alike: CR, LF and other control
 * characters removed, so no header can be injected; characters beyond ASCII (a guest
 * named Łukasz) percent-encoded as UTF-8, as HTTP carries no other charset reliably.
 */
// eslint-disable-next-line no-control-regex
export const headerValue = (text: string): string =>
  text.replace(/[\u0000-\u001F\u007F]/g, "").replace(/[^\u0020-\u007E]+/g, (run) => encodeURIComponent(run.toWellFormed()));
