// Every route handler and page of the app, found by walking app/ (so a new one is fuzzed too).
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";

export interface RouteEntry {
  /** URL template, e.g. /api/inbox/conversations/[id] */
  path: string;
  methods: string[];
  /** query parameter names the handler reads */
  params: string[];
  kind: "api" | "page";
  /** the source reads its search params (pages only; route handlers always may) */
  readsQuery: boolean;
}

const PAGE_PARAMS = [
  "from",
  "to",
  "member",
  "number",
  "reason",
  "customer",
  "q",
  "tab",
  "cursor",
  "limit",
  "conversation",
];
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
  );
}

/** app/(inbox)/review/[id]/page.tsx → /review/[id]: route groups do not appear in URLs. */
function urlOf(appDir: string, file: string): string {
  const parts = relative(appDir, file).split(sep).slice(0, -1);
  return `/${parts.filter((p) => !/^\(.*\)$/.test(p)).join("/")}`;
}

function paramNames(source: string): string[] {
  return [...new Set([...source.matchAll(/\.get\("([A-Za-z_]\w*)"\)/g)].map((m) => m[1]))];
}

export function routeCatalog(root: string): RouteEntry[] {
  const appDir = join(root, "app");
  const files = walk(appDir);
  const out: RouteEntry[] = [];
  for (const f of files.filter((f) => /[/\\]route\.ts$/.test(f))) {
    const src = readFileSync(f, "utf8");
    const methods = METHODS.filter((m) =>
      new RegExp(
        `export\\s+(async\\s+)?(function|const)\\s+${m}\\b|export\\s+const\\s+\\{[^}]*\\b${m}\\b`,
      ).test(src),
    );
    out.push({ path: urlOf(appDir, f), methods, params: paramNames(src), kind: "api", readsQuery: true });
  }
  // Pages read their search params through zod schemas (e.g. the review filters), not `.get("x")`:
  // the names the address bar carries anywhere in the app.
  const pageParams = [...new Set([...PAGE_PARAMS, ...out.flatMap((r) => r.params)])];
  for (const f of files.filter((f) => /[/\\]page\.tsx$/.test(f)))
    out.push({
      path: urlOf(appDir, f),
      methods: ["GET"],
      params: pageParams,
      kind: "page",
      readsQuery: readFileSync(f, "utf8").includes("searchParams"),
    });
  return out;
}
