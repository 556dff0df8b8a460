import argon2 from "argon2";
import { eq } from "drizzle-orm";
import { Auth } from "@auth/core";
import { beforeAll, expect, it } from "vitest";
import { setGlobalClient } from "../../db/client";
import { members } from "../../db/schema";
import { describeEachDb } from "../helpers/db";
import { makeBusiness } from "../helpers/factory";

import { authConfig } from "../../lib/auth-config";

// The app's own Auth.js configuration, driven by Auth.js's core as next-auth drives it.
const handle = (req: Request) =>
  Auth(req, { ...authConfig, secret: "auth-cookies-test-secret-0123456789abcdef", basePath: "/api/auth" });

const PASSWORD = "cookie-test-password";

/** Parse Set-Cookie headers into name → attributes (lower-cased). */
function cookies(res: Response) {
  const out = new Map<string, { value: string; attrs: string[] }>();
  for (const line of res.headers.getSetCookie()) {
    const [pair, ...attrs] = line.split(";").map((p) => p.trim());
    const i = pair.indexOf("=");
    out.set(pair.slice(0, i), { value: pair.slice(i + 1), attrs: attrs.map((a) => a.toLowerCase()) });
  }
  return out;
}

/** The real Auth.js credentials sign-in, as the login form's server action drives it. */
async function signInOver(origin: string, email: string) {
  const csrfRes = await handle(new Request(`${origin}/api/auth/csrf`));
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const jar = [...cookies(csrfRes)].map(([k, v]) => `${k}=${v.value}`).join("; ");
  const res = await handle(
    new Request(`${origin}/api/auth/callback/credentials`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        cookie: jar,
        "x-switchboard-client-ip": "192.0.2.77",
      },
      body: new URLSearchParams({ csrfToken, email, password: PASSWORD }).toString(),
    }),
  );
  return { csrf: cookies(csrfRes), session: cookies(res) };
}

describeEachDb("session cookies", (ctx) => {
  let email: string;
  beforeAll(async () => {
    setGlobalClient(ctx.raw);
    const w = await makeBusiness(ctx.db);
    await ctx.db
      .update(members)
      .set({ passwordHash: await argon2.hash(PASSWORD) })
      .where(eq(members.id, w.asha.id));
    email = w.asha.email;
  });

  it("under HTTPS every auth cookie is Secure, HttpOnly and SameSite=Lax, with the __Secure-/__Host- prefix", async () => {
    const { csrf, session } = await signInOver("https://inbox.example.com", email);
    const token = session.get("__Secure-authjs.session-token");
    expect(token?.value).toBeTruthy();
    expect(token?.attrs).toEqual(expect.arrayContaining(["httponly", "secure", "samesite=lax", "path=/"]));
    const csrfCookie = csrf.get("__Host-authjs.csrf-token");
    expect(csrfCookie?.attrs).toEqual(expect.arrayContaining(["httponly", "secure", "samesite=lax"]));
    for (const [, c] of [...csrf, ...session]) expect(c.attrs).toEqual(expect.arrayContaining(["httponly"]));
  });

  it("over plain HTTP the cookies are HttpOnly and SameSite=Lax, without Secure", async () => {
    const { session } = await signInOver("http://localhost:3000", email);
    const token = session.get("authjs.session-token");
    expect(token?.value).toBeTruthy();
    expect(token?.attrs).toEqual(expect.arrayContaining(["httponly", "samesite=lax"]));
    expect(token?.attrs).not.toContain("secure");
  });
});
