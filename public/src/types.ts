/** The API's shapes, as far as the page reads them. */
export interface AuthSettings {
  type: "none" | "basic" | "token";
  url: string;
  method: "POST" | "GET";
  headers: string;
  body: string;
  body_mime_type: string;
  username: string;
  password_set: boolean;
  token_refresh_interval: number;
  token_field: string;
}

export interface Webhook {
  id: number;
  name: string;
  url: string;
  method: string;
  events: string[];
  headers: string;
  body: string;
  body_mime_type: string;
  log_body_and_headers: boolean;
  enabled: boolean;
  disabled_reason: string | null;
  signing_enabled: boolean;
  auth: AuthSettings;
}

export interface EventType {
  type: string;
  group: "ticket" | "system";
  description: string;
}

export interface Placeholder {
  name: string;
  type: string;
  description: string;
}

export interface WebhookStats {
  webhook_id: number;
  last_status: string | null;
  last_at: string | null;
  success_rate_24h: number | null;
  succeeded_24h: number;
  failed_24h: number;
}

export interface LogItem {
  id: number;
  event_uuid: string;
  event_type: string;
  ticket_id: string;
  webhook_id: number | null;
  webhook_name: string;
  status: string;
  attempts: number;
  response_status: number | null;
  error: string | null;
  duration_ms: number | null;
  created_at: string;
  updated_at: string;
  next_attempt_at: string | null;
}

export interface Attempt {
  attempt: number;
  started_at: string;
  duration_ms: number;
  method: string;
  url: string;
  response_status: number | null;
  error: string | null;
  request_headers?: Record<string, string> | null;
  request_body?: string | null;
  response_headers?: Record<string, string> | null;
  response_body?: string | null;
}

export interface LogEntry extends LogItem {
  event: { uuid: string; type: string; created_at: string; ticket_id: string; data: Record<string, unknown> } | null;
  attempt_log: Attempt[];
}

export interface Settings {
  enabled: boolean;
  read_interval_seconds: number;
  log_retention_hours: number;
  request_timeout_seconds: number;
  max_attempts: number;
  auto_disable_hours: number;
}

export interface RenderedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
}
