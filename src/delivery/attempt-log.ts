import type { Client, InStatement, InValue } from "@libsql/client";
import { inLists, listStatement } from "../db/values-lists.ts";
import { GroupCommit } from "../db/group-commit.ts";
import { ofUnfinishedOfTicket } from "../db/ticket-order.ts";
import type { Logger } from "../logger.ts";
import type { ClaimedDelivery } from "./delivery-store.ts";
import type { NextStep } from "./next-step.ts";
import { redactHeaders } from "./redact-headers.ts";
import type { RenderedRequest } from "./render.ts";
import type { SendResult } from "./http-request.ts";

/** Bodies kept in the log are cut here, so debugging logging cannot fill the box's disk. */
export const MAX_LOGGED_BODY = 64 * 1024;

export interface AttemptRecord {
  delivery: ClaimedDelivery;
  /** The claim the attempt was made under: its result changes the delivery only while that claim holds. */
  claim: { owner: string; expiresAt: number };
  startedAt: number;
  request: RenderedRequest;
  result: SendResult;
  step: NextStep;
  /** Keep request and response headers and bodies (the webhook's "log body and headers"). */
  logDetails: boolean;
  /** Switch the webhook off, for this reason (410 Gone). */
  disableReason: string | null;
  /** Switch it off when it has failed since at least this time, this many attempts in a row (auto-disable); null: never. */
  autoDisable: { failingSince: number; failedAttempts: number } | null;
  /** The delivery's ticket when its webhook keeps its tickets' order: once it is done, the next of the ticket may go. */
  orderedTicket: string | null;
}

/** What writing an attempt came to for the dispatcher. */
export interface RecordResult {
  /** The attempt switched its webhook off. */
  disabled: boolean;
  /** Its delivery was done and held back the next of its ticket, which may now be claimed. */
  released: boolean;
}

/**
 * Under load, results are written at most this often: a transaction's fixed cost (begin,
 * commit, the webhook's failure run) then falls on dozens of attempts instead of a few,
 * which halves the database time per attempt. Nothing waits on it but the log.
 */
const WRITE_SPACING_MS = 10;

const AUTO_DISABLE_REASON = "every delivery failed for longer than the auto-disable period";

const cut = (text: string | null) => (text === null ? null : text.slice(0, MAX_LOGGED_BODY));

/**
 * Writes each attempt and its delivery's new state, and what it means for the webhook,
 * in one transaction. Attempts finishing together share it (group commit).
 */
export class AttemptLog {
  private readonly commits: GroupCommit<AttemptRecord, RecordResult>;

  constructor(
    private readonly client: Client,
    private readonly logger: Logger,
  ) {
    this.commits = new GroupCommit((records) => this.write(records), 256, WRITE_SPACING_MS);
  }

  /** Resolves once written. */
  async record(record: AttemptRecord): Promise<RecordResult> {
    const [result] = await this.commits.submit([record]);
    return result!;
  }

  private async write(records: AttemptRecord[]): Promise<RecordResult[]> {
    const statements: InStatement[] = [];
    const disables: { index: number; record: AttemptRecord; reason: string }[] = [];
    statements.push(...this.statementsFor(records));
    const releases = releaseStatements(records);
    const releasesFrom = statements.push(...releases) - releases.length;
    statements.push(...failingSinceStatements(records));
    for (const record of records) {
      const webhookId = record.delivery.webhookId;
      const now = record.startedAt + record.result.durationMs;
      if (record.disableReason) {
        disables.push({ index: statements.length, record, reason: record.disableReason });
        statements.push({
          sql: "UPDATE webhooks SET enabled = 0, disabled_reason = ?, updated_at = ?, revision = revision + 1 WHERE id = ? AND enabled = 1",
          args: [record.disableReason, now, webhookId],
        });
      } else if (record.step.status !== "succeeded" && record.autoDisable !== null) {
        disables.push({ index: statements.length, record, reason: AUTO_DISABLE_REASON });
        statements.push({
          sql: `UPDATE webhooks SET enabled = 0, disabled_reason = ?, updated_at = ?, revision = revision + 1
                WHERE id = ? AND enabled = 1 AND failing_since <= ? AND failed_attempts >= ?`,
          args: [AUTO_DISABLE_REASON, now, webhookId, record.autoDisable.failingSince, record.autoDisable.failedAttempts],
        });
      }
    }
    const results = await this.client.batch(statements, "write");
    const releasers = new Set(results.slice(releasesFrom, releasesFrom + releases.length).flatMap((rs) => rs.rows.map((r) => Number(r.held_back_by))));
    const disabled = disables.filter((d) => results[d.index]!.rowsAffected > 0);
    for (const d of disabled) {
      this.logger.warn("webhook disabled", { webhook_id: d.record.delivery.webhookId, reason: d.reason });
    }
    if (disabled.length > 0) {
      await this.client.batch(
        disabled.map((d) => ({
          sql: "UPDATE deliveries SET error = coalesce(error, '') || ? WHERE id = ?",
          args: [`; webhook disabled: ${d.reason}`, d.record.delivery.id],
        })),
        "write",
      );
    }
    return records.map((r) => ({ disabled: disabled.some((d) => d.record === r), released: releasers.has(r.delivery.id) }));
  }

  /**
   * Two statements for each list of the group's rows (see db/values-lists.ts). The attempt
   * is always logged (while its delivery exists); the delivery's state only while the
   * attempt's claim still holds: a delivery failed meanwhile (its webhook deleted) or
   * claimed anew after its claim lapsed keeps what happened since. A retry notes the
   * instance whose clock timed it (`scheduled_by`), which moves it should that clock be
   * set. (`+status`: each row is found by its id; the status index would walk the whole
   * queue for every group.)
   */
  private statementsFor(records: AttemptRecord[]): InStatement[] {
    const attemptRows = records.map((r) => [
      r.delivery.id,
      ...attemptColumns({ attemptNo: r.delivery.attempts + 1, startedAt: r.startedAt, request: r.request, result: r.result, error: r.step.error, logDetails: r.logDetails }),
    ]);
    const deliveryRows = records.map((r) => {
      const finishedAt = r.startedAt + r.result.durationMs;
      return [
        r.delivery.id,
        r.step.status,
        r.result.kind === "response" ? r.result.status : null,
        r.step.error,
        r.result.durationMs,
        r.step.nextAttemptAt,
        r.step.status === "retrying" ? null : finishedAt,
        finishedAt,
        r.claim.owner,
        r.claim.expiresAt,
      ];
    });
    return [...inLists(attemptRows, insertAttempts), ...inLists(deliveryRows, updateDeliveries)];
  }
}

const insertAttempts = listStatement(
  (values) => `INSERT INTO attempts (delivery_id, ${ATTEMPT_COLUMNS})
    SELECT * FROM (VALUES ${values}) AS a WHERE EXISTS (SELECT 1 FROM deliveries d WHERE d.id = a.column1)`,
);

const updateDeliveries = listStatement(
  (values) => `UPDATE deliveries SET status = v.column2, attempts = attempts + 1, response_status = v.column3,
      error = v.column4, duration_ms = v.column5, next_attempt_at = v.column6, finished_at = v.column7,
      scheduled_by = CASE v.column2 WHEN 'retrying' THEN v.column9 END,
      claimed_by = NULL, claim_expires_at = NULL, updated_at = v.column8
    FROM (VALUES ${values}) AS v
    WHERE deliveries.id = v.column1 AND claimed_by = v.column9 AND claim_expires_at = v.column10
      AND +status IN ('pending', 'retrying')`,
);

/** The columns of an attempt row after `delivery_id`, in the order `attemptColumns` gives their values. */
export const ATTEMPT_COLUMNS = `attempt_no, started_at, duration_ms, method, url, response_status, error,
  request_headers, request_body, response_headers, response_body`;

/**
 * An attempt as the log keeps it, in the order of `ATTEMPT_COLUMNS`: headers redacted and
 * bodies cut, both only when the webhook logs them. `error`: what the outcome says of an
 * answer (a failed request says it itself).
 */
export function attemptColumns(a: {
  attemptNo: number;
  startedAt: number;
  request: RenderedRequest;
  result: SendResult;
  error: string | null;
  logDetails: boolean;
}): InValue[] {
  const { request, result, logDetails } = a;
  return [
    a.attemptNo,
    a.startedAt,
    result.durationMs,
    request.method,
    request.url,
    result.kind === "response" ? result.status : null,
    result.kind === "error" ? result.error : a.error,
    logDetails ? JSON.stringify(redactHeaders(request.headers)) : null,
    logDetails ? cut(request.body) : null,
    logDetails && result.kind === "response" ? JSON.stringify(redactHeaders(result.headers)) : null,
    logDetails && result.kind === "response" ? cut(result.body) : null,
  ];
}

/**
 * For the deliveries done now (succeeded or failed for good) whose webhook keeps its
 * tickets' order: the next unfinished delivery of the ticket notes that it waited for
 * this one, and the statement returns the ids that released one. A delivery whose
 * result was not written (its claim lapsed) is unfinished still and releases nothing:
 * the first unfinished one of its ticket from it on is then itself. One lookup in the
 * ticket queue index per delivery, which finds nothing for most.
 */
function releaseStatements(records: AttemptRecord[]): InStatement[] {
  const done = records.filter((r) => r.orderedTicket !== null && r.step.status !== "retrying");
  return inLists(done.map((r) => [r.delivery.id, r.delivery.webhookId, r.orderedTicket]), releaseNext);
}

const releaseNext = listStatement(
  (values) => `UPDATE deliveries SET held_back_by = v.column1 FROM (VALUES ${values}) AS v
    WHERE deliveries.id = (${ofUnfinishedOfTicket("min(unfinished.id)", "v.column2", "v.column3", ">= v.column1")}) AND deliveries.id > v.column1
    RETURNING held_back_by`,
);

/**
 * Each webhook's run of failures after these attempts, and how many attempts failed in
 * it: a success ends the run, a failure after it starts one (or adds to one under way).
 * The webhooks whose run ended, all of them when deliveries succeed, share one plain
 * statement that writes only those with a run to end; a statement each is left for
 * those failing.
 */
function failingSinceStatements(records: AttemptRecord[]): InStatement[] {
  const runs = new Map<number, { from: number; failures: number } | null>();
  const succeeded = new Set<number>();
  for (const r of records) {
    const id = r.delivery.webhookId;
    const run = runs.get(id) ?? null;
    if (r.step.status === "succeeded") {
      succeeded.add(id);
      runs.set(id, null);
    } else if (run === null) runs.set(id, { from: r.startedAt, failures: 1 });
    else run.failures++;
  }
  const ended = [...runs].filter(([, run]) => run === null).map(([id]) => Number(id));
  const statements: InStatement[] = [];
  if (ended.length > 0) {
    statements.push({
      sql: "UPDATE webhooks SET failing_since = NULL, failed_attempts = 0 WHERE id IN (SELECT value FROM json_each(?)) AND failing_since IS NOT NULL",
      args: [JSON.stringify(ended)],
    });
  }
  for (const [id, run] of runs) {
    if (run === null) continue;
    // a success earlier in this group ended any older run: this one starts at its first failure
    statements.push(
      succeeded.has(id)
        ? { sql: "UPDATE webhooks SET failing_since = ?, failed_attempts = ? WHERE id = ?", args: [run.from, run.failures, id] }
        : {
            sql: "UPDATE webhooks SET failing_since = coalesce(failing_since, ?), failed_attempts = failed_attempts + ? WHERE id = ?",
            args: [run.from, run.failures, id],
          },
    );
  }
  return statements;
}
