// Sign in over HTTP exactly as a browser does with Auth.js v5 credentials, and keep the cookies.

/** "name=value; name2=value2" from a response's Set-Cookie headers, merged into `jar`. */
export function mergeCookies(jar: string, res: Response): string {
  const map = new Map(
    jar
      .split("; ")
      .filter(Boolean)
      .map((c) => [c.slice(0, c.indexOf("=")), c] as const),
  );
  for (const set of res.headers.getSetCookie()) {
    const pair = set.split(";")[0];
    map.set(pair.slice(0, pair.indexOf("=")), pair);
  }
  return [...map.values()].join("; ");
}

/** The Cookie header of a signed-in session; throws when the sign-in is refused. */
export async function signIn(base: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  let jar = mergeCookies("", csrf);
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${base}/inbox` }),
  });
  jar = mergeCookies(jar, res);
  if (!/authjs\.session-token=/.test(jar)) throw new Error(`sign-in of ${email} refused (${res.status})`);
  return jar;
}
