import type { Client, Transaction } from "@libsql/client";

/**
 * Runs `work` in one write transaction and commits it; on any failure nothing of it stays.
 * Unlike a batch, each statement can be made after the one before has run, so a large
 * write need not hold all its statements in memory at once.
 */
export async function inWriteTransaction<T>(client: Client, work: (tx: Transaction) => Promise<T>): Promise<T> {
  const tx = await client.transaction("write");
  try {
    const result = await work(tx);
    await tx.commit();
    return result;
  } finally {
    tx.close();
  }
}
