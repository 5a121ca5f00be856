import { asc, eq } from "drizzle-orm";
import { toBase64Url } from "../base64.ts";
import type { Db } from "../db/client.ts";
import { apiTokens } from "../db/schema.ts";
import { SCOPES, type Scope } from "./scopes.ts";

/** Tokens made here start with this, so one is told from the admin token without a lookup. */
export const API_TOKEN_PREFIX = "iwh_";

/** `last_used_at` is written again once it is this old, not on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;

export interface ApiTokenInfo {
  id: number;
  name: string;
  scopes: Scope[];
  created_at: string;
  last_used_at: string | null;
}

/** A token presented with a request: one of ours with its scopes, or none. */
export type TokenCheck = { kind: "valid"; id: number; scopes: Scope[] } | { kind: "unknown" };

/**
 * A plain SHA-256 suffices (no salt, no slow hash): the token is 32 random bytes, so
 * there is nothing to guess from its hash, unlike a password. Looking a token up by its
 * hash also makes the comparison's timing meaningless: it depends on the hash, which an
 * attacker cannot steer towards a stored one.
 */
async function hashToken(token: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Named API tokens with scopes; the token itself is known only to whoever created it. */
export class ApiTokenStore {
  constructor(private readonly db: Db) {}

  /** Makes a token; the returned `token` is the only time it is seen. */
  async create(name: string, scopes: Scope[], now: Date): Promise<ApiTokenInfo & { token: string }> {
    const token = API_TOKEN_PREFIX + toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
    const [row] = await this.db
      .insert(apiTokens)
      .values({ name, scopes: knownScopes(scopes), tokenHash: await hashToken(token), createdAt: now.getTime() })
      .returning();
    return { ...toInfo(row!), token };
  }

  async list(): Promise<ApiTokenInfo[]> {
    return (await this.db.select().from(apiTokens).orderBy(asc(apiTokens.id))).map(toInfo);
  }

  /** Revokes a token at once: its next request is a 401. False when there is none with this id. */
  async revoke(id: number): Promise<boolean> {
    return (await this.db.delete(apiTokens).where(eq(apiTokens.id, id)).returning({ id: apiTokens.id })).length > 0;
  }

  /** The token's scopes, noting its use (at most once a minute). */
  async check(token: string, now: Date): Promise<TokenCheck> {
    if (!token.startsWith(API_TOKEN_PREFIX)) return { kind: "unknown" };
    const [row] = await this.db.select().from(apiTokens).where(eq(apiTokens.tokenHash, await hashToken(token)));
    if (!row) return { kind: "unknown" };
    const at = now.getTime();
    if (row.lastUsedAt === null || Math.abs(at - row.lastUsedAt) >= LAST_USED_RESOLUTION_MS) {
      await this.db.update(apiTokens).set({ lastUsedAt: at }).where(eq(apiTokens.id, row.id));
    }
    return { kind: "valid", id: row.id, scopes: knownScopes(row.scopes) };
  }
}

/** Scopes in their one order; one a later version added and this one does not know grants nothing here. */
function knownScopes(scopes: readonly string[]): Scope[] {
  return SCOPES.filter((s) => scopes.includes(s));
}

function toInfo(row: typeof apiTokens.$inferSelect): ApiTokenInfo {
  return {
    id: row.id,
    name: row.name,
    scopes: knownScopes(row.scopes),
    created_at: new Date(row.createdAt).toISOString(),
    last_used_at: row.lastUsedAt === null ? null : new Date(row.lastUsedAt).toISOString(),
  };
}
