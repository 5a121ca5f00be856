/**
 * The order per ticket, in SQL: the fan-out, the claim and the log share it. For a webhook
 * whose `ordering` is `ticket`, a delivery is held back while an earlier delivery of the
 * same ticket to the same webhook is unfinished (pending, being sent, or retrying).
 * "Earlier" is created first, a smaller id: events are fanned out in the order they were
 * received. Deliveries without a ticket never wait, nor does a webhook with `none`.
 *
 * Every test is a lookup in the ticket queue index, which holds only the unfinished
 * deliveries that have a ticket: it stays small however long the log grows.
 */

/**
 * SQL: `what` over the unfinished deliveries `unfinished` of ticket `ticketId` to webhook
 * `webhookId` whose id passes `idTest` (`< d.id`). The name is its own: the caller's
 * expressions must not name a table of theirs the same.
 */
export function ofUnfinishedOfTicket(what: string, webhookId: string, ticketId: string, idTest = ""): string {
  // both status and ticket terms as the index states them: only then is it used
  return `SELECT ${what} FROM deliveries unfinished WHERE unfinished.webhook_id = ${webhookId} AND unfinished.ticket_id = ${ticketId}
    AND unfinished.status IN ('pending', 'retrying') AND unfinished.ticket_id <> ''${idTest ? ` AND unfinished.id ${idTest}` : ""}`;
}

/** SQL: whether webhook `webhookId` keeps its tickets' order. */
export function ordersByTicket(webhookId: string): string {
  return `(SELECT ordering FROM webhooks WHERE id = ${webhookId}) = 'ticket'`;
}

/**
 * SQL: whether delivery `d` (a name for a row of `deliveries`) of webhook `webhookId` (an
 * SQL expression: a parameter keeps the statement's text the same for every webhook), one
 * that keeps its tickets' order, waits for an earlier one of its ticket.
 */
export function heldBack(d: string, webhookId: string): string {
  return `(${d}.ticket_id <> '' AND EXISTS (${ofUnfinishedOfTicket("1", webhookId, `${d}.ticket_id`, `< ${d}.id`)}))`;
}

/**
 * SQL: the id of the delivery `d` waits for now (the last unfinished one of its ticket
 * before it), else the one it waited for, as noted when that one finished; else null.
 */
export function heldBackBy(d: string): string {
  return `coalesce(CASE WHEN ${d}.status IN ('pending', 'retrying') AND ${d}.ticket_id <> '' AND ${ordersByTicket(`${d}.webhook_id`)}
    THEN (${ofUnfinishedOfTicket("max(unfinished.id)", `${d}.webhook_id`, `${d}.ticket_id`, `< ${d}.id`)}) END, ${d}.held_back_by)`;
}
