import type { WebhookSettings } from "../../src/webhooks/model.ts";

/** The seed's example body configuration, byte for byte. */
export const SEED_EXAMPLE_BODY = `{
  "id": "{{event.uuid}}",
  "event": "{{event.type}}",
  "occured": "{{event.created_at}}",
  "ticket_id": "{{event.ticket_id}}",
  "volume_limit": "{{volume_limit}}",
  "volume_used": "{{volume_used}}",
  "room_number": "{{backend_data.pms.room}}"
}`;

/** The same fields as an XML template. */
export const SEED_EXAMPLE_XML_BODY = `<?xml version="1.0" encoding="UTF-8"?>
<event id="{{event.uuid}}">
  <type>{{event.type}}</type>
  <occured>{{event.created_at}}</occured>
  <ticket_id>{{event.ticket_id}}</ticket_id>
  <volume_limit>{{volume_limit}}</volume_limit>
  <volume_used>{{volume_used}}</volume_used>
  <room_number>{{backend_data.pms.room}}</room_number>
</event>`;

/** The webhook of the API's documentation, with token authentication. */
export function exampleWebhook(overrides: Record<string, unknown> = {}) {
  const webhook: WebhookSettings = {
    name: "Server1: System Events",
    url: "https://crm.example/hook?site=7",
    method: "POST",
    events: ["ticket.logged_in", "system.*"],
    headers: "X-Api-Key: abc\nX-Site: 7",
    body: '{"id":"{{event.uuid}}","room":"{{backend_data.pms.room}}"}',
    body_mime_type: "application/json",
    log_body_and_headers: false,
    enabled: true,
    ordering: "ticket",
    tls: { ca: "", client_cert: "", client_key: "" },
    filter: [],
    rate_limit_per_minute: null,
    auth: {
      type: "token",
      url: "https://crm.example/login",
      method: "POST",
      headers: "",
      body: "",
      body_mime_type: "application/json",
      username: "box",
      password: "s3cret-Pa55word",
      token_refresh_interval: 60,
      token_field: "auth.token",
    },
  };
  return { ...webhook, ...overrides };
}

/** A guest whose data would break a naively built JSON or XML body. */
export const HOSTILE_TEXT = `O'Brien "The <Boss>" & Co \\ back\nslash\r\ttab </room>]]> {{not-a-tag}}`;
