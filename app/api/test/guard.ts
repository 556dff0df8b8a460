import { getConfig } from "../../../lib/config";

/**
 * Test-only routes exist only when the server was started with SWITCHBOARD_E2E=1, which the
 * configuration refuses on anything that looks like production (lib/config.ts,
 * checkDeploymentSafety).
 */
export function e2eEnabled(): boolean {
  return getConfig().e2eRoutes;
}

export const notFound = () => new Response("Not found", { status: 404 });
