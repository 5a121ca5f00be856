/** An accepted event, normalised: what the queue stores and templates render. */
export interface WebhookEvent {
  uuid: string;
  type: string;
  /** ISO 8601 UTC. */
  createdAt: string;
  ticketId: string;
  /** The data fields (ints as numbers, `backend_data` as an object) plus any unknown ones, kept as sent. */
  data: Record<string, unknown>;
}
