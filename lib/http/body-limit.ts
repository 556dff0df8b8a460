import { NextRequest } from "next/server";
import { readLimited } from "../whatsapp/receive";

/**
 * Put a byte cap in front of a route handler that would otherwise read a body of any size (the
 * Auth.js handlers parse the whole form). A bigger body is answered 413 before the handler sees
 * it; a declared Content-Length over the cap is refused without reading a byte.
 */
export function withBodyLimit<C>(
  limit: number,
  handler: (req: NextRequest, ctx: C) => Promise<Response>,
): (req: NextRequest, ctx: C) => Promise<Response> {
  return async (req, ctx) => {
    if (req.method === "GET" || req.method === "HEAD") return handler(req, ctx);
    let body: Buffer | null;
    try {
      body = await readLimited(req, limit);
    } catch {
      // The client went away mid-body: bad input, not a server error.
      return new Response("The request body could not be read.", { status: 400 });
    }
    if (!body)
      return new Response("The request is too large.", {
        status: 413,
        headers: { "content-type": "text/plain; charset=utf-8" },
      });
    const again = new NextRequest(req.url, {
      method: req.method,
      headers: req.headers,
      body: body.length ? new Uint8Array(body) : undefined,
    });
    return handler(again, ctx);
  };
}
