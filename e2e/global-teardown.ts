import { dropE2eDatabase } from "../scripts/e2e-database";

/** After the run: drop its PostgreSQL database, or say plainly that PostgreSQL was not tested. */
export default async function globalTeardown() {
  const base = process.env.TEST_DATABASE_URL;
  if (base) {
    await dropE2eDatabase(base, process.env.E2E_DATABASE_NAME ?? "");
    return;
  }
  console.log(
    "The e2e suite ran on the embedded database (PGlite) only: TEST_DATABASE_URL is unset, so nothing ran on PostgreSQL.",
  );
}
