import { type NextRequest, NextResponse } from "next/server";
import { newNonce, pageContentSecurityPolicy } from "./lib/http/page-csp";

/**
 * Per-request Content-Security-Policy for pages (Next.js's proxy, formerly middleware): a fresh
 * nonce goes into the request's CSP header, where Next.js finds it and puts it on its scripts,
 * and the same policy goes on the response. server.ts sets `x-switchboard-https` on every
 * request (a client cannot supply it) and the other site-wide headers.
 */
export function proxy(request: NextRequest) {
  const csp = pageContentSecurityPolicy({
    nonce: newNonce(),
    dev: process.env.NODE_ENV === "development",
    https: request.headers.get("x-switchboard-https") === "1",
  });
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", csp);
  return response;
}

export const config = {
  matcher: [
    {
      // Pages only: API routes set their own headers, static files carry no script.
      source: "/((?!api|_next/static|_next/image|favicon.ico).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
