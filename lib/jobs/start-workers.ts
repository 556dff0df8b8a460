import type { Db } from "../../db/client";
import type { AppConfig } from "../config";

/**
 * Background workers besides auto-close (the WhatsApp outbox, webhook processing…).
 * Each registers here so server.ts stays one list.
 */
export function startWorkers(_db: Db, _config: AppConfig): void {}
