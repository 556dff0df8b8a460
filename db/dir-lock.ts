import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * PGlite has no lock between processes: two openers of one data dir corrupt each other
 * (STACK-NOTES). A pid file of our own refuses the second opener with a clear message.
 */
export class DataDirLockedError extends Error {}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Take the lock; returns its release (also run at process exit, whichever comes first). */
export function acquireDirLock(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "..", `${dir.split("/").filter(Boolean).pop()}.lock`);
  for (let i = 0; i < 2; i++) {
    try {
      writeFileSync(file, String(process.pid), { flag: "wx" });
      const release = () => {
        try {
          if (readFileSync(file, "utf8") === String(process.pid)) rmSync(file);
        } catch {}
      };
      process.once("exit", release);
      return release;
    } catch {
      const pid = Number(readFileSync(file, "utf8"));
      if (pid === process.pid) return () => {};
      if (Number.isFinite(pid) && pid > 0 && alive(pid)) {
        throw new DataDirLockedError(
          `The embedded database in ${dir} is already open in process ${pid}. ` +
            "Stop that process first, or set DATABASE_URL to share a PostgreSQL database between processes.",
        );
      }
      rmSync(file, { force: true }); // stale lock from a crashed process
    }
  }
  throw new DataDirLockedError(`Could not lock the embedded database in ${dir}.`);
}
