/** What an API token may do. `admin` holds the other two. */
export const SCOPES = ["events:write", "read", "admin"] as const;

export type Scope = (typeof SCOPES)[number];

/**
 * Routes whose scope is not the rule's (see `scopeForRoute`), by method and path as the
 * router lists them. A GET that shows a secret, or what other tokens are, belongs here as `admin`.
 */
const EXCEPTIONS: Record<string, Scope> = {
  "POST /api/events": "events:write",
  "GET /api/tokens": "admin",
};

/**
 * The scope a route needs: a GET reads (`read`), anything else changes the configuration
 * or sends (`admin`), unless EXCEPTIONS says otherwise. Derived from the route rather
 * than declared beside each one, so a new route cannot be left without a scope.
 */
export function scopeForRoute(method: string, path: string): Scope {
  const verb = method === "HEAD" ? "GET" : method;
  return EXCEPTIONS[`${verb} ${path}`] ?? (verb === "GET" ? "read" : "admin");
}

/** Whether a token with `held` may use a route that needs `needed`. */
export function grants(held: readonly Scope[], needed: Scope): boolean {
  return held.includes("admin") || held.includes(needed);
}
