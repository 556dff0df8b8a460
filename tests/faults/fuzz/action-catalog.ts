// Every server action of the build, from Next's server-reference manifest, and how to call one
// over HTTP the way Next's client does: POST to a page that bundles it, header `Next-Action: <id>`,
// and the arguments encoded by React's encodeReply (a JSON array as text/plain for plain values).
import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface ActionEntry {
  id: string;
  /** e.g. lib/actions/conversations.ts */
  file: string;
  name: string;
  /** a page URL whose bundle includes the action */
  page: string;
}

type Manifest = {
  node: Record<string, { workers: Record<string, unknown>; filename?: string; exportedName?: string }>;
};

/** "app/(inbox)/review/[id]/page" → "/review/[id]" */
const pageUrl = (worker: string) =>
  `/${worker
    .replace(/^app\//, "")
    .replace(/\/?page$/, "")
    .split("/")
    .filter((p) => p && !/^\(.*\)$/.test(p))
    .join("/")}`;

export function actionCatalog(root: string): ActionEntry[] {
  const m = JSON.parse(
    readFileSync(join(root, ".next/server/server-reference-manifest.json"), "utf8"),
  ) as Manifest;
  return Object.entries(m.node).map(([id, a]) => {
    const pages = Object.keys(a.workers).map(pageUrl);
    return {
      id,
      file: a.filename ?? "?",
      name: a.exportedName ?? "?",
      page: pages.find((p) => !p.includes("[")) ?? pages[0],
    };
  });
}

/** React's encodeReply escapes strings that start with "$" (its reference marker) as "$$". */
export function encodeReplyJson(args: unknown[]): string {
  return JSON.stringify(args, (_k, v) => (typeof v === "string" && v.startsWith("$") ? `$${v}` : v));
}

export interface ActionAnswer {
  status: number;
  text: string;
  /** the action's return value when the flight answer carries one */
  value: unknown;
}

/** Call an action as the browser would; `body` overrides the encoded arguments (malformed input). */
export async function callAction(
  base: string,
  cookie: string,
  a: ActionEntry,
  args: unknown[] | FormData,
  body?: string,
): Promise<ActionAnswer> {
  const page = a.page.replace(/\[[^\]]+\]/g, "00000000-0000-4000-8000-000000000000");
  const headers: Record<string, string> = {
    accept: "text/x-component",
    "next-action": a.id,
    origin: base,
    cookie,
  };
  if (!(args instanceof FormData) || body !== undefined) headers["content-type"] = "text/plain;charset=UTF-8";
  const res = await fetch(`${base}${page}`, {
    method: "POST",
    redirect: "manual",
    headers,
    body: body ?? (args instanceof FormData ? args : encodeReplyJson(args)),
  });
  const text = await res.text();
  // The flight answer's row 1 is the return value: `1:{"ok":false,...}`.
  const row = /^1:(.*)$/m.exec(text)?.[1];
  let value: unknown;
  try {
    value = row ? JSON.parse(row) : undefined;
  } catch {
    value = undefined;
  }
  return { status: res.status, text, value };
}
