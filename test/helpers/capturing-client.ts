import type { Client, InStatement, Transaction } from "@libsql/client";

/** The client (or a transaction of it), noting every statement sent through it, its transactions' included, each begun by a "BEGIN". */
export function capturing<C extends Client | Transaction>(client: C, into: InStatement[]): C {
  return new Proxy(client, {
    get(target, property) {
      if (property === "execute") return (stmt: InStatement) => (into.push(stmt), target.execute(stmt));
      if (property === "batch") return (stmts: InStatement[], mode?: "write") => (into.push(...stmts), (target as Client).batch(stmts, mode));
      if (property === "transaction") return async (mode?: "write") => (into.push("BEGIN"), capturing(await (target as Client).transaction(mode), into));
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
