import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { withBodyLimit } from "./body-limit";

/** The cap put in front of the public sign-in endpoint (app/api/auth/[...nextauth]/route.ts). */
describe("withBodyLimit", () => {
  const seen: string[] = [];
  const handler = withBodyLimit(1024, async (req: NextRequest) => {
    seen.push(await req.text());
    return new Response("handled", { status: 200 });
  });
  const post = (body: string, headers: Record<string, string> = {}) =>
    handler(
      new NextRequest("http://127.0.0.1/api/auth/callback/credentials", { method: "POST", body, headers }),
      {},
    );

  it("refuses a body over the cap with 413 and never calls the handler", async () => {
    seen.length = 0;
    expect((await post("x".repeat(1025))).status).toBe(413);
    expect(seen).toEqual([]);
  });

  it("refuses a declared Content-Length over the cap without reading", async () => {
    seen.length = 0;
    expect((await post("small", { "content-length": "999999" })).status).toBe(413);
    expect(seen).toEqual([]);
  });

  it("hands a body within the cap to the handler unchanged", async () => {
    seen.length = 0;
    const body = "email=a%40b.test&password=secret";
    expect((await post(body)).status).toBe(200);
    expect(seen).toEqual([body]);
  });
});
