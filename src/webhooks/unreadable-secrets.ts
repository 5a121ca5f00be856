import type { Client, InStatement } from "@libsql/client";
import type { Logger } from "../logger.ts";
import { openSecret, type SecretKey } from "../security/secret-box.ts";
import type { UnreadableSecret } from "./model.ts";
import type { WebhookRepository } from "./repository.ts";

const NAMES: Record<UnreadableSecret, string> = { password: "password", signing_secret: "signing secret", client_key: "TLS client key" };
const TODO: Record<UnreadableSecret, string> = {
  password: "enter the password again",
  signing_secret: "rotate the signing secret",
  client_key: "enter the TLS client key again",
};

function described(unreadable: UnreadableSecret[]) {
  return {
    names: unreadable.map((s) => NAMES[s]).join(" and "),
    todo: unreadable.map((s) => TODO[s]).join(" and "),
    them: unreadable.length > 1 ? "them" : "it",
  };
}

/** Why an exchange is not made: a secret it needs does not open. */
export function unreadableSecretsError(unreadable: UnreadableSecret[]): string {
  const { names, todo, them } = described(unreadable);
  return `secret.key does not open the stored ${names}: ${todo}; nothing is sent without ${them}`;
}

/** The disabled_reason of a webhook switched off because its secrets do not open. */
function disabledReason(unreadable: UnreadableSecret[], key: SecretKey): string {
  const { names, todo, them } = described(unreadable);
  if (key.kind === "unusable") {
    return `secret.key cannot be used (${key.problem}), so the stored ${names} cannot be opened: restore secret.key and restart, or remove it, restart and ${todo}; then switch the webhook on`;
  }
  return `secret.key does not open the stored ${names} (the key that encrypted ${them} is gone): ${todo}, then switch the webhook on`;
}

export interface StoredSecretsCheck {
  /** Webhooks whose password or signing secret does not open: all switched off. */
  webhookIds: number[];
  tokensDropped: number;
}

/**
 * Tries every stored secret with the key at start. A webhook whose password or signing
 * secret does not open is switched off, its disabled_reason saying what to re-enter: its
 * deliveries wait (parked), none goes out without its credentials or unsigned. The
 * sealed values are kept, so restoring the right key brings them back. Cached tokens
 * that do not open are dropped (fetched anew), unless the key file is unusable: a
 * restored key opens them again. One transaction.
 */
export async function checkStoredSecrets(
  deps: { client: Client; webhooks: WebhookRepository; key: SecretKey; now: number },
): Promise<StoredSecretsCheck> {
  const { client, key, now } = deps;
  const affected = (await deps.webhooks.list()).filter((w) => w.unreadable_secrets.length > 0);
  const statements: InStatement[] = affected.map((w) => {
    const reason = disabledReason(w.unreadable_secrets, key);
    return {
      // as it was at the last start: no new revision, every cache stays as it is
      sql: `UPDATE webhooks SET enabled = 0, disabled_reason = ?, updated_at = ?, revision = revision + 1
            WHERE id = ? AND NOT (enabled = 0 AND disabled_reason IS ?)`,
      args: [reason, now, w.id, reason],
    };
  });
  const stale: number[] = [];
  if (key.kind === "loaded") {
    const tokens = await client.execute("SELECT webhook_id, token_enc FROM auth_tokens");
    for (const row of tokens.rows) {
      if ((await openSecret(key.box, String(row.token_enc))).kind === "unreadable") stale.push(Number(row.webhook_id));
    }
  }
  if (stale.length > 0) {
    statements.push({ sql: "DELETE FROM auth_tokens WHERE webhook_id IN (SELECT value FROM json_each(?))", args: [JSON.stringify(stale)] });
  }
  if (statements.length > 0) await client.batch(statements, "write");
  return { webhookIds: affected.map((w) => w.id), tokensDropped: stale.length };
}

/** One line, when the key does not serve: which file, what is wrong with it, how many webhooks wait, what to do. */
export function logSecretKeyCheck(logger: Logger, key: SecretKey, check: StoredSecretsCheck): void {
  const fields = { path: key.path, webhooks: check.webhookIds.length, webhook_ids: check.webhookIds, tokens_dropped: check.tokensDropped };
  if (key.kind === "unusable") {
    const fix = "restore it from a backup and restart, or remove it and restart for a new key (then enter the passwords again and rotate the signing secrets)";
    const msg = check.webhookIds.length > 0 ? "secret.key does not open the stored secrets" : "secret.key cannot be used";
    logger.error(msg, { ...fields, problem: key.problem, fix: `${fix}; no secret can be stored until then` });
    return;
  }
  if (check.webhookIds.length === 0) return;
  logger.error("secret.key does not open the stored secrets", {
    ...fields,
    ...(key.created ? { problem: "the file was missing: a new key was generated" } : { problem: "it holds another key than the one that encrypted them" }),
    fix: "restore the secret.key that encrypted them and restart, or enter the passwords again and rotate the signing secrets; then switch the webhooks on",
  });
}
