import { join } from "node:path";
import { randomBase64Url, readOrCreateSecretFile } from "./secret-file.ts";

const INSTANCE_ID_FILE = "instance-id";

/** What an instance id may hold: it is stored in every claim and shown in logs. */
export const INSTANCE_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Who owns this instance's delivery claims: the configured id, else a random one made at
 * first start and kept in `<dataDir>/instance-id`. Not the host name: two boxes cloned
 * from one image share it, and each took back the other's claims at every restart, so
 * both sent them. The file keeps the id across restarts, so a restarted instance still
 * resumes its own claims at once.
 */
export async function loadInstanceId(dataDir: string, configured?: string): Promise<string> {
  if (configured) return configured;
  const path = join(dataDir, INSTANCE_ID_FILE);
  const { secret: id } = await readOrCreateSecretFile(path, () => randomBase64Url(12));
  if (!INSTANCE_ID_PATTERN.test(id)) throw new Error(`instance id file ${path} does not hold 1 to 64 letters, digits, '.', '_' or '-'; delete it to generate a new one`);
  return id;
}
