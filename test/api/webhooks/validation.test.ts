import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { exampleWebhook } from "../../helpers/fixtures.ts";
import { createTestApp, expectErrorShape, type TestApp } from "../../helpers/test-app.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const base = { name: "CRM", url: "https://crm.example/hook", events: ["ticket.logged_in"] };
const basic = (auth: Record<string, unknown>) => ({ ...base, auth: { type: "basic", ...auth } });
const token = (auth: Record<string, unknown>) => ({
  ...base,
  auth: { type: "token", url: "https://crm.example/login", token_field: "token", ...auth },
});

async function expectRejected(body: unknown, path: string, message: string) {
  const error = await expectErrorShape(await t.api("/api/webhooks", { body }), 422, "validation_failed");
  const issue = error.issues.find((i) => i.path === path);
  expect(issue, `no issue at ${path} in ${JSON.stringify(error.issues)}`).toBeDefined();
  expect(issue!.message).toContain(message);
  expect(error.message).toContain(error.issues[0]!.path);
  return error;
}

async function expectAccepted(body: unknown) {
  const res = await t.api("/api/webhooks", { body });
  expect(res.status, await res.clone().text()).toBe(201);
}

describe("webhook validation: 422 naming the field", () => {
  test.each([
    ["name missing", { url: base.url, events: base.events }, "name", "expected string"],
    ["name empty", { ...base, name: "  " }, "name", "must not be empty"],
    ["name too long", { ...base, name: "n".repeat(201) }, "name", "at most 200 characters"],
    ["name of the wrong type", { ...base, name: 42 }, "name", "expected string"],
    ["name with a NUL", { ...base, name: "before\u0000after" }, "name", "must not contain the NUL character"],
    ["username with a NUL", basic({ username: "admin\u0000x", password: "pw" }), "auth.username", "must not contain the NUL character"],
    ["url relative", { ...base, url: "crm.example/hook" }, "url", "must be an absolute URL"],
    ["url not http", { ...base, url: "ftp://crm.example/hook" }, "url", "must start with http:// or https://"],
    ["url template broken", { ...base, url: "https://crm.example/{{#open}}" }, "url", "the template does not parse"],
    ["method unknown", { ...base, method: "PATCH" }, "method", "must be POST, GET, PUT or DELETE"],
    ["events empty", { ...base, events: [] }, "events", "select at least one event"],
    ["events not a list", { ...base, events: "ticket.logged_in" }, "events", "must be a list of event types"],
    ["event unknown", { ...base, events: ["ticket.logged_in", "ticket.exploded"] }, "events.1", "unknown event type 'ticket.exploded'"],
    ["wildcard matching nothing", { ...base, events: ["hotel.*"] }, "events.0", "matches no event type"],
    ["custom type with bad characters", { ...base, events: ["custom.Big-Event"] }, "events.0", "not a valid custom event type"],
    ["header without colon", { ...base, headers: "X-Ok: 1\nno colon here" }, "headers", "line 2: 'no colon here' is not of the form 'Field: Value'"],
    ["header name illegal", { ...base, headers: "X Bad: 1" }, "headers", "line 1: 'X Bad' is not a valid header name"],
    ["header Content-Length", { ...base, headers: "Content-Length: 5" }, "headers", "Content-Length header is set automatically"],
    ["header Host", { ...base, headers: "host: evil.example" }, "headers", "host header is set automatically"],
    ["header injection", { ...base, headers: "X-A: 1\rX-Injected: 2" }, "headers", "line 1: contains a carriage return"],
    ["header value template broken", { ...base, headers: "X-Room: {{/room}}" }, "headers", "X-Room: the template does not parse"],
    ["body template broken", { ...base, body: '{"a":"{{#event.type}}"}' }, "body", "the template does not parse"],
    ["body not JSON after rendering", { ...base, body: '{"limit": {{volume_limit}}' }, "body", "the body is not valid JSON"],
    [
      "body JSON only when a field is filled",
      { ...base, events: ["ticket.logged_in", "system.started"], body: '{"price": {{ticket_price}}}' },
      "body",
      "a ticket.logged_in event whose data fields are all empty",
    ],
    ["URL only when a field is filled", { ...base, url: "{{#backend}}https://crm.example/hook{{/backend}}" }, "url", "must be an absolute URL"],
    [
      "body not XML after rendering",
      { ...base, body_mime_type: "application/xml", body: "<a>{{event.uuid}}</b>" },
      "body",
      "the body is not well-formed XML",
    ],
    [
      "body XML with an HTML entity",
      { ...base, body_mime_type: "application/xml", body: "<guest>&nbsp;{{description}}</guest>" },
      "body",
      "uses &nbsp;, an entity XML does not define",
    ],
    ["body name reaching past the event", { ...base, body: '{"a":"{{__defineGetter__}}"}' }, "body", "{{__defineGetter__}} is no event field"],
    ["URL name reaching past the event", { ...base, url: "http://h/{{constructor.keys}}" }, "url", "{{constructor.keys}} is no event field"],
    ["header name reaching past the event", { ...base, headers: "X-A: {{#event}}{{__proto__}}{{/event}}" }, "headers", "X-A: {{__proto__}} is no event field"],
    ["GET with a body", { ...base, method: "GET", body: '{"a":1}' }, "body", "a GET request sends no body"],
    ["mime type unknown", { ...base, body_mime_type: "text/plain" }, "body_mime_type", "must be application/json or application/xml"],
    ["log flag not boolean", { ...base, log_body_and_headers: "yes" }, "log_body_and_headers", "must be true or false"],
    ["ordering unknown", { ...base, ordering: "fifo" }, "ordering", "must be ticket or none"],
    ["unknown field", { ...base, colour: "red" }, "colour", "is not a known field"],
    ["unknown auth field", { ...base, auth: { type: "none", realm: "x" } }, "auth.realm", "is not a known field"],
    ["auth type unknown", { ...base, auth: { type: "oauth2" } }, "auth.type", "must be none, basic or token"],
    ["basic without username", basic({ password: "pw" }), "auth.username", "a username is required for basic authentication"],
    ["basic without password", basic({ username: "box" }), "auth.password", "a password is required for basic authentication"],
    ["a host from event data with credentials", { ...basic({ username: "u", password: "pw" }), url: "http://{{{event.ticket_id}}}.crm.example/hook" }, "url", "host must be written out"],
    ["a host placeholder with a token", { ...token({ password: "pw" }), url: "https://{{backend}}.example/hook" }, "url", "host must be written out"],
    ["basic username with a colon", basic({ username: "box:1", password: "pw" }), "auth.username", "must not contain ':'"],
    ["token without url", token({ url: "" }), "auth.url", "an authentication URL is required for token authentication"],
    ["token url relative", token({ url: "/login" }), "auth.url", "must be an absolute URL"],
    ["token url with a placeholder host", token({ url: "https://{{username}}.example/login" }), "auth.url", "host must be written out"],
    ["token url template broken", token({ url: "https://pms.example/login?u={{#username}}" }), "auth.url", "the template does not parse"],
    ["token url with credentials", token({ url: "https://box:secret@pms.example/login" }), "auth.url", "must not carry credentials"],
    ["URL with credentials", { ...base, url: "https://box:secret@crm.example/hook" }, "url", "must not carry credentials"],
    ["token without field", token({ token_field: "" }), "auth.token_field", "the token field is required"],
    ["token field not a dot path", token({ token_field: "auth..token" }), "auth.token_field", "must be a dot path"],
    ["refresh interval zero", token({ token_refresh_interval: 0 }), "auth.token_refresh_interval", "at least 1 minute"],
    ["refresh interval fractional", token({ token_refresh_interval: 1.5 }), "auth.token_refresh_interval", "whole number of minutes"],
    ["auth method unknown", token({ method: "PUT" }), "auth.method", "must be POST or GET"],
    ["auth GET with a body", token({ method: "GET", body: '{"u":"{{username}}"}' }), "auth.body", "a GET request sends no body"],
    ["auth body not JSON", token({ body: '{"u":{{username}}}' }), "auth.body", "the body is not valid JSON"],
    [
      "auth body not XML",
      token({ body: "<login><u>{{username}}</login>", body_mime_type: "application/xml" }),
      "auth.body",
      "the body is not well-formed XML",
    ],
    ["auth form body not a form", token({ body: "grant_type=client_credentials&{{username}}", body_mime_type: "application/x-www-form-urlencoded" }), "auth.body", "the body is not form-encoded: field 2 'sample-user' is not name=value"],
    ["auth form body with a raw space", token({ body: "scope=a b", body_mime_type: "application/x-www-form-urlencoded" }), "auth.body", "is not form-encoded"],
    ["a webhook body as a form", { ...base, body_mime_type: "application/x-www-form-urlencoded" }, "body_mime_type", "must be application/json or application/xml"],
    ["auth header illegal", token({ headers: "Bad Header: 1" }), "auth.headers", "not a valid header name"],
  ])("%s", async (_, body, path, message) => {
    await expectRejected(body, path, message);
  });

  test.each([
    ["a typo in the body", { ...base, body: '{"v":"{{volume_usd}}"}' }, "body", "unknown placeholder volume_usd; did you mean volume_used?"],
    ["an event field by its bare name in the URL", { ...base, url: "https://crm.example/t/{{ticket_id}}" }, "url", "unknown placeholder ticket_id; did you mean event.ticket_id?"],
    ["a typo in a header value", { ...base, headers: "X-Id: {{event.uid}}" }, "headers", "X-Id: unknown placeholder event.uid; did you mean event.uuid?"],
    ["a section", { ...base, body: '{"v":"{{#volume_usd}}x{{/volume_usd}}"}' }, "body", "unknown placeholder volume_usd; did you mean volume_used?"],
    ["an inverted section", { ...base, body: '{"v":"{{^clientip}}none{{/clientip}}"}' }, "body", "unknown placeholder clientip; did you mean client_ip?"],
    ["a name inside a section over a value", { ...base, body: '{"v":"{{#login_type}}{{typ}}{{/login_type}}"}' }, "body", "unknown placeholder typ"],
    ["a data field unknown under event.data", { ...base, body: '{"v":"{{event.data.room}}"}' }, "body", "unknown placeholder event.data.room (GET /api/placeholders lists the known ones)"],
    ["a name like nothing known", { ...base, body: '{"v":"{{zzz}}"}' }, "body", "unknown placeholder zzz (GET /api/placeholders lists the known ones)"],
    ["an event field in the auth body", token({ body: '{"u":"{{usrname}}","t":"{{event.type}}"}' }), "auth.body", "unknown placeholder usrname; did you mean username?"],
    ["an event field in the auth URL", token({ url: "https://crm.example/login?t={{event.type}}" }), "auth.url", "unknown placeholder event.type"],
    ["an unknown name in an auth header", token({ headers: "X-Key: {{api_key}}" }), "auth.headers", "X-Key: unknown placeholder api_key"],
  ])("unknown placeholders: %s", async (_, body, path, message) => {
    await expectRejected(body, path, message);
  });

  test("every unknown placeholder of a template is named, each once, in its own issue", async () => {
    const error = await expectRejected({ ...base, body: '{"v":"{{volume_usd}}","r":"{{romm}}","w":"{{volume_usd}}"}' }, "body", "volume_usd");
    expect(error.issues).toEqual([
      { path: "body", message: "unknown placeholder volume_usd; did you mean volume_used?" },
      { path: "body", message: "unknown placeholder romm (GET /api/placeholders lists the known ones)" },
    ]);
  });

  test("every problem is reported at once, the first in the message", async () => {
    const error = await expectRejected(basic({}), "auth.username", "a username");
    expect(error.issues.map((i) => i.path)).toEqual(["auth.username", "auth.password"]);
    expect(error.message).toBe("auth.username: a username is required for basic authentication");
  });

  test("nothing is stored when validation fails", async () => {
    const before = ((await (await t.api("/api/webhooks")).json()) as { items: unknown[] }).items.length;
    await expectRejected({ ...base, url: "nope" }, "url", "absolute");
    const after = ((await (await t.api("/api/webhooks")).json()) as { items: unknown[] }).items.length;
    expect(after).toBe(before);
  });
});

describe("webhook validation: what is accepted", () => {
  test("wildcards, custom types and exact types", async () => {
    await expectAccepted({ ...base, events: ["*"] });
    await expectAccepted({ ...base, events: ["ticket.*", "system.backup.*", "ticket.logged_out.*"] });
    await expectAccepted({ ...base, events: ["custom.pms_checkout", "custom.*", "system.started"] });
  });

  test("placeholders in the URL and header values", async () => {
    await expectAccepted({ ...base, url: "https://crm.example/t/{{event.ticket_id}}?room={{backend_data.pms.room}}", headers: "X-Event: {{event.type}}\r\nX-Room: {{backend_data.pms.room}}" });
  });

  test("every known placeholder, any name under backend_data, and names inside sections as mustache finds them", async () => {
    const everyPlaceholder = ((await (await t.api("/api/placeholders")).json()) as { items: { name: string }[] }).items.map((p) => `{{${p.name}}}`);
    await expectAccepted({ ...base, body: JSON.stringify({ all: everyPlaceholder.join(" ") }) });
    await expectAccepted({
      ...base,
      body: JSON.stringify({
        any: "{{backend_data.crm.guest.loyalty_tier}}",
        rooms: "{{#backend_data.pms.rooms}}{{number}}{{.}}{{/backend_data.pms.rooms}}",
        event: "{{#event}}{{uuid}} {{data.client_ip}} {{volume_used}}{{/event}}",
        data: "{{event.data.client_ip}}{{#event.data}}{{login_type}}{{/event.data}}",
        over_value: "{{#login_type}}{{client_ip}}{{/login_type}}{{^limit}}-{{/limit}}",
      }),
    });
  });

  test("the seed's example body as JSON, and a GET without a body", async () => {
    await expectAccepted(exampleWebhook());
    await expectAccepted({ ...base, method: "GET", url: "https://crm.example/ping?id={{event.uuid}}" });
  });

  test("an XML body, and token auth with an XML login body", async () => {
    await expectAccepted({
      ...base,
      body_mime_type: "application/xml",
      body: "<event><id>{{event.uuid}}</id><guest>{{backend_data.pms.name}}</guest></event>",
      auth: {
        type: "token",
        url: "https://crm.example/login",
        body_mime_type: "application/xml",
        body: "<login><user>{{username}}</user><pass>{{password}}</pass></login>",
        username: "box",
        password: "p<w>&d",
        token_field: "response.token",
      },
    });
  });

  test("a basic-auth webhook with username and password", async () => {
    await expectAccepted(basic({ username: "box", password: "secret" }));
  });
});
