import { describe, expect, test } from "bun:test";
import { RestartableServer } from "../src/restartable-server.ts";
import type { TlsPem } from "../src/security/tls-files.ts";

const pem = (name: string): TlsPem => ({ cert: `${name}.crt`, key: `${name}.key` });

/** A runtime's start that refuses the certificates named in `refused`, and records what it started. */
function runtime(refused: string[]) {
  const started: string[] = [];
  const start = (given: TlsPem | undefined) => {
    const name = given?.cert ?? "plain";
    if (refused.includes(name)) throw new Error(`refused ${name}`);
    started.push(name);
    return { name };
  };
  return { started, start };
}

describe("a server started again with another certificate", () => {
  test("takes the new one; one the runtime refuses leaves the one before serving, and says why", () => {
    const { started, start } = runtime(["bad.crt"]);
    const listener = new RestartableServer(start(pem("first")), pem("first"), start);
    listener.restart(pem("renewed"));
    expect(listener.server.name).toBe("renewed.crt");
    expect(() => listener.restart(pem("bad"))).toThrow("refused bad.crt");
    expect(listener.server.name).toBe("renewed.crt");
    expect(started).toEqual(["first.crt", "renewed.crt", "renewed.crt"]);
  });
});
