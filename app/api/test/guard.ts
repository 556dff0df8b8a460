/** Test-only routes exist only when the e2e server runs with SWITCHBOARD_E2E=1 (never in production use). */
export function e2eEnabled(): boolean {
  return process.env.SWITCHBOARD_E2E === "1";
}

export const notFound = () => new Response("Not found", { status: 404 });
