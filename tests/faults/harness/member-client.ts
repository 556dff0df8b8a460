import { readFileSync } from "node:fs";
import { join } from "node:path";
import { io, type Socket } from "socket.io-client";
import { DEMO_PASSWORD } from "../../../db/seed";
import type { LiveEvent } from "../../../lib/realtime/events";
import { ROOT } from "./start-app";

/**
 * A member as the browser is one: signed in through the real credentials form, calling the
 * real server actions over HTTP (the same POST with a `Next-Action` header that React sends),
 * reading the JSON routes and listening on a socket with the session cookie.
 */
export async function signIn(baseUrl: string, email: string): Promise<string> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie },
    body: new URLSearchParams({ csrfToken, email, password: DEMO_PASSWORD, callbackUrl: "/inbox/open" }),
  });
  const session = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .find((c) => c.startsWith("authjs.session-token="));
  if (!session) throw new Error(`sign-in failed for ${email} (HTTP ${res.status})`);
  return session;
}

/** The id `next build` gave a server action, from the build's own manifest. */
export function actionId(file: string, exportedName: string): string {
  const manifest = JSON.parse(
    readFileSync(join(ROOT, ".next", "server", "server-reference-manifest.json"), "utf8"),
  ) as { node: Record<string, { filename?: string; exportedName?: string }> };
  const hit = Object.entries(manifest.node).find(
    ([, v]) => v.filename === file && v.exportedName === exportedName,
  );
  if (!hit) throw new Error(`server action ${file}#${exportedName} is not in the build`);
  return hit[0];
}

export type ActionAnswer =
  /** the action ran and returned this (what the page shows) */
  | { kind: "result"; value: { ok: boolean; code?: string; message?: string; [k: string]: unknown } }
  /** the request failed (HTTP error or no answer): the page shows "Could not reach the server" */
  | { kind: "failed"; status: number | "network" };

/**
 * Call a server action as React does and decode its answer. The action's return value is the
 * RSC row the first row points at ("$@1" → row 1).
 */
export async function callAction(
  baseUrl: string,
  cookie: string,
  id: string,
  args: unknown[],
  page = "/inbox/open",
): Promise<ActionAnswer> {
  let res: Response;
  try {
    res = await fetch(`${baseUrl}${page}`, {
      method: "POST",
      headers: {
        accept: "text/x-component",
        "content-type": "text/plain;charset=UTF-8",
        "next-action": id,
        origin: baseUrl,
        cookie,
      },
      body: JSON.stringify(args),
      // A browser waits as long as the server takes; only a request that never ends fails here.
      signal: AbortSignal.timeout(90_000),
    });
  } catch {
    return { kind: "failed", status: "network" };
  }
  const text = await res.text().catch(() => "");
  if (!res.ok) return { kind: "failed", status: res.status };
  const rows = new Map<string, string>();
  for (const line of text.split("\n")) {
    const m = /^([0-9a-f]+):(.*)$/.exec(line);
    if (m) rows.set(m[1], m[2]);
  }
  const head = JSON.parse(rows.get("0") ?? "null") as { a?: string } | null;
  const ref = typeof head?.a === "string" && head.a.startsWith("$@") ? head.a.slice(2) : null;
  const row = ref ? rows.get(ref) : undefined;
  if (!row) throw new Error(`unexpected server action answer: ${text.slice(0, 500)}`);
  return { kind: "result", value: JSON.parse(row) };
}

export async function getJson<T>(baseUrl: string, cookie: string, path: string): Promise<T> {
  const res = await fetch(`${baseUrl}${path}`, { headers: { cookie }, signal: AbortSignal.timeout(20_000) });
  if (!res.ok) throw new Error(`GET ${path}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

export interface Listener {
  socket: Socket;
  events: LiveEvent[];
  /** how many times the socket has connected (1 = never reconnected) */
  connects: number;
  close(): void;
}

/** A socket signed in with the session cookie; socket.io-client reconnects on its own. */
export function listen(baseUrl: string, cookie: string): Promise<Listener> {
  return new Promise((resolve, reject) => {
    const socket = io(baseUrl, {
      extraHeaders: { cookie },
      transports: ["websocket"],
      reconnectionDelay: 200,
      reconnectionDelayMax: 1000,
    });
    const l: Listener = { socket, events: [], connects: 0, close: () => socket.close() };
    socket.on("event", (e: LiveEvent) => l.events.push(e));
    socket.on("connect", () => {
      l.connects++;
      if (l.connects === 1) resolve(l);
    });
    socket.once("connect_error", (e) => {
      if (l.connects === 0) {
        socket.close();
        reject(e);
      }
    });
  });
}
