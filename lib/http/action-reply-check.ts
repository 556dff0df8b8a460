import { IncomingMessage, type ServerResponse } from "node:http";
import { MAX_DEPTH, jsonDepth } from "../whatsapp/json-safety";

/**
 * A server action called with a text/plain body carries its arguments as one JSON array, encoded
 * by React's encodeReply. Next hands that body to React's decodeReply and answers any failure
 * (not JSON, not an array, a reference to a part the body does not have, nesting deep enough to
 * exhaust the stack) with a 500, and offers no hook to change that. So the custom server checks
 * the structure first and refuses what decodeReply could not turn into arguments with a 400.
 *
 * Only references that live inside the one JSON row are allowed: the escape "$$…", the special
 * numbers, undefined, dates, bigints (at most 300 digits, React's limit) and temporary references.
 * Every other "$x…" names an outlined part, which encodeReply only ever sends as multipart; a
 * text/plain body that has one was not made by React. Multipart bodies (form actions, and calls
 * whose arguments have outlined parts) are left to Next.
 */
const INLINE_REFERENCE = /^\$(?:[$DT]|(?:undefined|NaN|Infinity|-Infinity|-0|n-?\d{1,300})$)/;

/** Why decodeReply could not decode this text/plain action body, or null when it can. */
export function actionReplyProblem(body: string): string | null {
  let args: unknown;
  try {
    args = JSON.parse(body);
  } catch {
    return "The action's arguments are not valid JSON.";
  }
  if (!Array.isArray(args)) return "The action's arguments must be a JSON array.";
  if (jsonDepth(args) > MAX_DEPTH) return "The action's arguments are nested too deeply.";
  const stack: unknown[] = [args];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === "string") {
      if (v.startsWith("$") && !INLINE_REFERENCE.test(v))
        return "The action's arguments refer to parts the request does not have.";
    } else if (typeof v === "object" && v !== null)
      for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push(child);
  }
  return null;
}

const isTextAction = (req: IncomingMessage) =>
  req.method === "POST" &&
  req.headers["next-action"] !== undefined &&
  !String(req.headers["content-type"] ?? "").startsWith("multipart/");

/** The same request again, its body already read: what Next reads in place of the original. */
function replayed(req: IncomingMessage, body: Buffer): IncomingMessage {
  const copy = new IncomingMessage(req.socket);
  copy.method = req.method;
  copy.url = req.url;
  copy.headers = req.headers;
  copy.rawHeaders = req.rawHeaders;
  copy.httpVersion = req.httpVersion;
  copy.httpVersionMajor = req.httpVersionMajor;
  copy.httpVersionMinor = req.httpVersionMinor;
  // Complete, as the original is: a message destroyed before it is complete counts as aborted,
  // and Node would then destroy the shared socket (ending the keep-alive connection).
  copy.complete = true;
  copy.push(body);
  copy.push(null);
  return copy;
}

/**
 * For a text/plain server action POST (its Content-Length already capped by
 * refuseOversizedServerAction): read the body, answer 400 when it cannot be decoded, otherwise
 * resolve to a request that carries the same body for Next. Any other request passes through
 * untouched. Resolves to null when the request was answered here.
 */
export async function screenServerActionBody(
  req: IncomingMessage,
  res: ServerResponse,
): Promise<IncomingMessage | null> {
  if (!isTextAction(req)) return req;
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of req) chunks.push(chunk as Buffer);
  } catch {
    // The client went away mid-body: nobody is left to answer.
    return null;
  }
  const body = Buffer.concat(chunks);
  const problem = actionReplyProblem(body.toString("utf8"));
  if (!problem) return replayed(req, body);
  res.writeHead(400, { "content-type": "text/plain; charset=utf-8" });
  res.end(problem);
  return null;
}
