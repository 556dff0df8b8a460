import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * Server action bodies are capped at 1 MB (`experimental.serverActions.bodySizeLimit` in
 * next.config.js; keep the two equal). Next enforces that cap while reading, but answers an
 * oversized body with a 500, so the custom server refuses it first: a 413 when the declared
 * Content-Length is over the cap, and a 411 when a server action POST declares no length at all
 * (browsers always send one; only a client streaming an unbounded body would not).
 */
export const SERVER_ACTION_BODY_LIMIT = 1024 * 1024;

/** true when the request was answered here and must not reach Next. */
export function refuseOversizedServerAction(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== "POST" || req.headers["next-action"] === undefined) return false;
  const declared = req.headers["content-length"];
  const length = declared === undefined ? Number.NaN : Number(declared);
  if (Number.isFinite(length) && length <= SERVER_ACTION_BODY_LIMIT) return false;
  const status = declared === undefined ? 411 : 413;
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", connection: "close" });
  res.end(status === 411 ? "A Content-Length is required." : "The request is too large.");
  // Do not read (or wait for) the body we refused.
  req.resume();
  return true;
}
