import type { UnreadableSecret } from "./model.ts";

const NAMES: Record<UnreadableSecret, string> = { password: "password", signing_secret: "signing secret" };
const TODO: Record<UnreadableSecret, string> = { password: "enter the password again", signing_secret: "rotate the signing secret" };

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
