import { expect, it } from "vitest";
import {
  ACTION_ENTRIES,
  actionKey,
  FORM_ACTION_ENTRIES,
  filesWithServerActions,
  findActions,
  findFormActions,
  findRoutes,
  formActionFiles,
  ROUTE_ENTRIES,
  routeKey,
} from "./inventory";

// The matrix covers what exists: a new server action or route handler without an entry (what it
// needs, how to call it on a target) fails here, so nothing reaches a member untested.
it("every server action (lib/actions and the pages' form actions) and every route handler has a matrix entry, and every entry a real target", async () => {
  const { actions, skipped } = await findActions();
  const routes = await findRoutes();
  // sanity: the enumeration found the modules it is meant to find
  expect(actions.length).toBeGreaterThan(20);
  expect(routes.length).toBeGreaterThan(15);
  const forms = await findFormActions();
  expect(forms.length).toBeGreaterThan(4);
  const foundForms = new Set(forms.map((f) => actionKey(f.file, f.name)));
  const listedForms = new Set(FORM_ACTION_ENTRIES.map((e) => actionKey(e.file, e.name)));
  const loaded = new Set(formActionFiles());
  const found = new Set(actions.map((a) => actionKey(a.module, a.name)));
  const listed = new Set(ACTION_ENTRIES.map((e) => actionKey(e.module, e.name)));
  const foundRoutes = new Set(routes.map((r) => routeKey(r.file, r.method)));
  const listedRoutes = new Set(ROUTE_ENTRIES.map((e) => routeKey(e.file, e.method)));
  expect({
    actionsWithoutEntry: [...found].filter((k) => !listed.has(k)),
    entriesNamingNoAction: [...listed].filter((k) => !found.has(k)),
    // a module skipped as "not actions" must not be a server-action module
    skippedModulesThatAreActions: skipped.filter((s) => s.server).map((s) => s.module),
    routesWithoutEntry: [...foundRoutes].filter((k) => !listedRoutes.has(k)),
    entriesNamingNoRoute: [...listedRoutes].filter((k) => !foundRoutes.has(k)),
    formActionsWithoutEntry: [...foundForms].filter((k) => !listedForms.has(k)),
    entriesNamingNoFormAction: [...listedForms].filter((k) => !foundForms.has(k)),
    // a "use server" outside lib/actions and app/**/actions.ts would be loaded by nothing here
    serverActionFilesNotEnumerated: (await filesWithServerActions()).filter((f) => !loaded.has(f)),
  }).toEqual({
    actionsWithoutEntry: [],
    entriesNamingNoAction: [],
    skippedModulesThatAreActions: [],
    routesWithoutEntry: [],
    entriesNamingNoRoute: [],
    formActionsWithoutEntry: [],
    entriesNamingNoFormAction: [],
    serverActionFilesNotEnumerated: [],
  });
});
