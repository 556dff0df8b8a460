import { conversationActions } from "./actions-conversations";
import { moreActions } from "./actions-more";
import { settingsActions } from "./actions-settings";
import { teamActions } from "./actions-team";
import { inboxRoutes } from "./routes-inbox";
import { outsideRoutes } from "./routes-outside";
import type { ActionEntry, RouteEntry } from "./types";

// Vite's import.meta.glob (vitest transforms it into one loader per matching file); its types
// live in vite/client, which this project does not depend on directly.
declare global {
  interface ImportMeta {
    glob<T>(pattern: string, options?: { query?: string; import?: string }): Record<string, () => Promise<T>>;
  }
}

export const ACTION_ENTRIES: ActionEntry[] = [
  ...conversationActions,
  ...teamActions,
  ...settingsActions,
  ...moreActions,
];
export const ROUTE_ENTRIES: RouteEntry[] = [...inboxRoutes, ...outsideRoutes];

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
