/**
 * The closed lists and defaults of a webhook's settings. Plain constants with no imports,
 * at the bottom of the layers: the webhooks table's columns, the settings schema and the
 * admin page's form all take them from here, the page without taking zod or server code
 * into its bundle.
 */
export const HTTP_METHODS = ["POST", "GET", "PUT", "DELETE"] as const;
export const AUTH_METHODS = ["POST", "GET"] as const;
export const AUTH_TYPES = ["none", "basic", "token"] as const;
export const MIME_TYPES = ["application/json", "application/xml"] as const;
/** The token request may also be a form, as OAuth 2.0 token endpoints take it. */
export const AUTH_MIME_TYPES = [...MIME_TYPES, "application/x-www-form-urlencoded"] as const;
/**
 * `ticket`: a ticket's deliveries reach the endpoint in the order the events were
 * received, each waiting until the one before it has finished; `none`: as fast as they go.
 */
export const ORDERINGS = ["ticket", "none"] as const;

/**
 * How a webhook's filter compares an event's field with a value: equal, not equal, one
 * of, none of, filled, empty, begins with, and for numbers and times the four orders.
 */
export const FILTER_OPS = ["eq", "ne", "in", "not_in", "exists", "not_exists", "starts_with", "gt", "gte", "lt", "lte"] as const;

/** One condition of a webhook's filter, as stored. */
export interface FilterCondition {
  field: string;
  op: (typeof FILTER_OPS)[number];
  value?: string | number | string[];
}
export type WebhookFilter = FilterCondition[];

/** A webhook whose filter turned an event away, and the condition's reason ("ticket_type is parent"). */
export interface FilteredOut {
  webhook_id: number;
  webhook_name: string;
  reason: string;
}

/** What a setting a client leaves out (POST, PUT) is, and what a new form shows. */
export const WEBHOOK_DEFAULTS = {
  method: "POST", headers: "", body: "", body_mime_type: "application/json", log_body_and_headers: false, enabled: true,
  ordering: "ticket",
} as const;

/** TLS to the endpoint: nothing beyond the system's trust unless set. */
export const TLS_DEFAULTS = { ca: "", client_cert: "", client_key: "" } as const;

/** The same for authentication. */
export const AUTH_DEFAULTS = {
  type: "none",
  url: "",
  method: "POST",
  headers: "",
  body: "",
  body_mime_type: "application/json",
  username: "",
  password: "",
  token_refresh_interval: 60,
  token_field: "",
} as const;
