import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Secrets SPEC §3 says are "generated once and kept in ./.data/". The file is created with
 * O_EXCL so two processes starting together agree on one value.
 */
export function loadOrCreateSecret(dataDir: string, name: string): string {
  const file = join(dataDir, `${name}.secret`);
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(dataDir, { recursive: true });
    const value = randomBytes(32).toString("base64url");
    try {
      writeFileSync(file, value, { flag: "wx", mode: 0o600 });
      return value;
    } catch {
      return readFileSync(file, "utf8").trim();
    }
  }
}
