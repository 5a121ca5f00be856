/** The API as the page uses it: the admin token on every call, one error type. */
export interface Issue {
  path: string;
  message: string;
}

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: Issue[],
  ) {
    super(message);
  }
}

const TOKEN_KEY = "iacbox-webhooks-token";

export const session = {
  token: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  signIn: (token: string) => sessionStorage.setItem(TOKEN_KEY, token),
  signOut: () => sessionStorage.removeItem(TOKEN_KEY),
};

let onUnauthorized: (message: string) => void = () => {};

/** What to do when any call answers 401: back to sign-in, with a reason. */
export function handleUnauthorized(handler: (message: string) => void): void {
  onUnauthorized = handler;
}

/** Whether a token is accepted, without the session-expired handling of `api`. */
export async function tokenIsValid(token: string): Promise<boolean> {
  const res = await fetch("api/settings", { headers: { Authorization: `Bearer ${token}` } });
  if (res.status === 401) return false;
  if (!res.ok) throw await failureOf(res);
  return true;
}

/** The API's error of a response that is not ok, or one naming its status when the body has none. */
async function failureOf(res: Response): Promise<ApiFailure> {
  if (res.status === 429) return signInsRefused(res);
  const json = (await res.json().catch(() => null)) as { error?: { code: string; message: string; issues: Issue[] } } | null;
  const error = json?.error ?? { code: "unknown", message: `The service answered ${res.status}`, issues: [] };
  return new ApiFailure(res.status, error.code, error.message, error.issues ?? []);
}

/**
 * The service's answer after too many wrong tokens from this address, with the wait in
 * words: taken from Retry-After (seconds), not the body, which a proxy's own 429 lacks.
 */
function signInsRefused(res: Response): ApiFailure {
  const seconds = Number(res.headers.get("Retry-After"));
  const wait = Number.isInteger(seconds) && seconds > 0 ? `in ${seconds} s` : "later";
  return new ApiFailure(429, "rate_limited", `Too many failed sign-ins from this address: try again ${wait}`, []);
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Authorization: `Bearer ${session.token() ?? ""}` };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let res: Response;
  try {
    res = await fetch(`api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiFailure(0, "network", "The service cannot be reached. Is it running?", []);
  }
  if (res.status === 204) return undefined as T;
  if (res.ok) return (await res.json().catch(() => null)) as T;
  if (res.status === 401) {
    session.signOut();
    onUnauthorized("Your session is no longer valid. Please sign in again.");
  }
  throw await failureOf(res);
}
