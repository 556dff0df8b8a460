import { conversationActions } from "./actions-conversations";
import { formActions } from "./actions-forms";
import { moreActions } from "./actions-more";
import { settingsActions } from "./actions-settings";
import { teamActions } from "./actions-team";
import { inboxRoutes } from "./routes-inbox";
import { outsideRoutes } from "./routes-outside";
import type { ActionEntry, FormActionEntry, RouteEntry } from "./types";

// Vite's import.meta.glob (vitest transforms it into one loader per matching file); its types
// live in vite/client, which this project does not depend on directly.
declare global {
  interface ImportMeta {
    glob<T>(
      pattern: string | string[],
      options?: { query?: string; import?: string },
    ): Record<string, () => Promise<T>>;
  }
}

export const ACTION_ENTRIES: ActionEntry[] = [
  ...conversationActions,
  ...teamActions,
  ...settingsActions,
  ...moreActions,
];
export const ROUTE_ENTRIES: RouteEntry[] = [...inboxRoutes, ...outsideRoutes];
export const FORM_ACTION_ENTRIES: FormActionEntry[] = formActions;

/**
 * Modules of lib/actions that are not server actions (no "use server"): what the actions share,
 * and their zod schemas. Every other module there is enumerated export by export.
 */
export const NOT_ACTION_MODULES = new Set([
  "action-failure", // turns a thrown error into a refusal
  "action-result", // withMember: the layer under every action, exercised through them
  "call-action", // the page's side of a call
  "failures", // the retryable failure words, shared with the page
  "form-input", // FormData checks for the form actions
  "conversations.validation",
  "dashboard.validation",
  "settings.validation",
  "team.validation",
]);

const actionLoaders = import.meta.glob<Record<string, unknown>>("../../../lib/actions/*.ts");
const actionSources = import.meta.glob<string>("../../../lib/actions/*.ts", {
  query: "?raw",
  import: "default",
});
const routeLoaders = import.meta.glob<Record<string, unknown>>("../../../app/**/route.ts");

// The form actions live beside their pages. Every source file is read as text to find each
// "use server" (a module's or a single function's) outside lib/actions: one in a file this glob
// does not load fails coverage.test.ts rather than going unseen.
const formActionLoaders = import.meta.glob<Record<string, unknown>>("../../../app/**/actions.ts");
const allSources = import.meta.glob<string>(
  ["../../../{app,components,lib,db}/**/*.{ts,tsx}", "../../../*.ts", "!**/*.test.ts", "!**/node_modules/**"],
  { query: "?raw", import: "default" },
);

const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

export const actionKey = (module: string, name: string) => `${module}.${name}`;
export const routeKey = (file: string, method: string) => `${method} ${file}`;

export interface FoundAction {
  module: string;
  name: string;
  fn: (input?: unknown) => Promise<unknown>;
}
export interface FoundRoute {
  file: string;
  method: string;
  handler: (req: Request, ctx: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
}

/** Every exported function of every action module, and the modules skipped (with their "use server"). */
export async function findActions(): Promise<{
  actions: FoundAction[];
  skipped: { module: string; server: boolean }[];
}> {
  const actions: FoundAction[] = [];
  const skipped: { module: string; server: boolean }[] = [];
  for (const [path, load] of Object.entries(actionLoaders)) {
    if (path.endsWith(".test.ts")) continue;
    const module = path.replace(/^.*\/lib\/actions\//, "").replace(/\.ts$/, "");
    if (NOT_ACTION_MODULES.has(module)) {
      const source = await actionSources[path]();
      skipped.push({ module, server: /^\s*["']use server["']/.test(source) });
      continue;
    }
    for (const [name, value] of Object.entries(await load()))
      if (typeof value === "function") actions.push({ module, name, fn: value as FoundAction["fn"] });
  }
  return { actions, skipped };
}

export async function findRoutes(): Promise<FoundRoute[]> {
  const routes: FoundRoute[] = [];
  for (const [path, load] of Object.entries(routeLoaders)) {
    const file = path.replace(/^(\.\.\/)+/, "");
    const mod = await load();
    for (const method of HTTP_METHODS)
      if (typeof mod[method] === "function")
        routes.push({ file, method, handler: mod[method] as FoundRoute["handler"] });
  }
  return routes;
}

export interface FoundFormAction {
  file: string;
  name: string;
  fn: (prev: unknown, form?: FormData) => Promise<unknown>;
}

const repoPath = (path: string) => path.replace(/^(\.\.\/)+/, "");

/** Every exported function of every app/**\/actions.ts. */
export async function findFormActions(): Promise<FoundFormAction[]> {
  const found: FoundFormAction[] = [];
  for (const [path, load] of Object.entries(formActionLoaders))
    for (const [name, value] of Object.entries(await load()))
      if (typeof value === "function")
        found.push({ file: repoPath(path), name, fn: value as FoundFormAction["fn"] });
  return found;
}

/** Files outside lib/actions that say "use server" anywhere (a module or one inline function). */
export async function filesWithServerActions(): Promise<string[]> {
  const files: string[] = [];
  for (const [path, read] of Object.entries(allSources)) {
    const file = repoPath(path);
    if (file.startsWith("lib/actions/")) continue;
    if (/["']use server["']/.test(await read())) files.push(file);
  }
  return files.sort();
}

/** The files findFormActions loads. */
export const formActionFiles = () => Object.keys(formActionLoaders).map(repoPath).sort();
