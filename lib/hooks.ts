/**
 * Process-wide hooks that the long-lived workers register, so that the service layer can
 * nudge them after a commit without importing them (and without a cycle).
 */
type Hooks = { outboxKick?: () => void };
const g = globalThis as unknown as { __switchboardHooks?: Hooks };

export function hooks(): Hooks {
  g.__switchboardHooks ??= {};
  return g.__switchboardHooks;
}
