import { isDatabaseUnavailable } from "../../db/unavailable";
import { logger } from "../logger";
import { retryableFailure } from "./failures";

/**
 * An action that threw, as the answer the page gets: a database that cannot be reached says so
 * (the member can try again once it is back); anything else is logged and reported generically.
 */
export function actionFailure(err: unknown): { ok: false; code: string; message: string } {
  if (isDatabaseUnavailable(err)) {
    logger.warn({ err }, "server action refused: the database is unreachable");
    return retryableFailure("unavailable");
  }
  logger.error({ err }, "server action failed");
  return retryableFailure("internal");
}
