import { createHash, randomBytes } from "node:crypto";

/**
 * One-time links (invites, password resets): the person gets the token, the database keeps only
 * its hash, so a database leak does not hand out working links.
 */
export const hashOneTimeToken = (token: string) => createHash("sha256").update(token, "utf8").digest("hex");

export function newOneTimeToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: hashOneTimeToken(token) };
}

/** Tokens are 43 characters; anything far off is not worth a database lookup. */
export const plausibleToken = (token: unknown): token is string =>
  typeof token === "string" && token.length >= 10 && token.length <= 200;
