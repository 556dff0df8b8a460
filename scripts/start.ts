// `npm start`: build when there is no build of this source yet, then serve (SPEC §3).
import { execSync } from "node:child_process";
import { existsSync } from "node:fs";

async function main() {
  if (!existsSync(`${process.env.NEXT_DIST_DIR || ".next"}/BUILD_ID`)) {
    console.log("No production build found: running `next build` first (about a minute)…");
    execSync("npx next build", { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  }
  await import("../server");
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
