import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * `npm test`'s closing line (scripts/test-summary.ts) and the PostgreSQL probe before it
 * (scripts/local-postgres.sh): nothing that did not run may read as passed.
 */
const dir = mkdtempSync(join(tmpdir(), "sb-summary-"));
const write = (name: string, body: unknown) => {
  const f = join(dir, name);
  writeFileSync(f, JSON.stringify(body));
  return f;
};
const vitestReport = write("vitest.json", {
  numPassedTests: 3,
  numFailedTests: 0,
  numPendingTests: 3,
  numTodoTests: 0,
  testResults: [
    {
      assertionResults: [
        { status: "passed", ancestorTitles: ["lifecycle [pglite]"], fullName: "lifecycle [pglite] claims" },
        { status: "passed", ancestorTitles: ["lifecycle [pglite]"], fullName: "lifecycle [pglite] closes" },
        {
          status: "skipped",
          ancestorTitles: ["lifecycle [postgres]"],
          fullName: "lifecycle [postgres] claims",
        },
        {
          status: "skipped",
          ancestorTitles: ["lifecycle [postgres]"],
          fullName: "lifecycle [postgres] closes",
        },
        { status: "passed", ancestorTitles: ["config"], fullName: "config parses" },
        { status: "skipped", ancestorTitles: ["screenshots"], fullName: "screenshots on demand" },
      ],
    },
  ],
});

function summary(playwright: unknown, env: Record<string, string> = {}) {
  const r = spawnSync("npx", ["tsx", "scripts/test-summary.ts", vitestReport, write("pw.json", playwright)], {
    encoding: "utf8",
    env: { ...process.env, SWITCHBOARD_TESTS_WITHOUT_POSTGRES: "", ...env },
  });
  return { out: r.stdout.trim().split("\n"), code: r.status };
}

describe("the closing line of npm test", () => {
  it("counts a browser test that passed only on a retry as failed, and exits non-zero", () => {
    const r = summary({ stats: { expected: 10, unexpected: 0, flaky: 1, skipped: 0 } });
    expect(r.out).toContain("1 browser test(s) passed only on a retry: counted as failed.");
    expect(r.out.at(-1)).toBe("13 passed, 1 failed, 3 skipped");
    expect(r.code).toBe(1);
  });

  it("says how many skipped tests needed PostgreSQL, and why, when none answered", () => {
    const why = "No PostgreSQL answered at postgres://127.0.0.1:1, so the PostgreSQL variants were skipped.";
    const r = summary(
      { stats: { expected: 10, unexpected: 0, flaky: 0, skipped: 0 } },
      {
        SWITCHBOARD_TESTS_WITHOUT_POSTGRES: why,
      },
    );
    expect(r.out).toContain(why);
    expect(r.out.at(-1)).toBe(
      "13 passed, 0 failed, 3 skipped (2 of them need PostgreSQL, which did not answer)",
    );
    expect(r.code).toBe(0);
  });
});

describe("the PostgreSQL probe", () => {
  it("without a server, sets the sentence the closing line repeats instead of a database URL", () => {
    const out = execFileSync(
      "bash",
      [
        "-c",
        'unset TEST_DATABASE_URL; source scripts/local-postgres.sh >/dev/null; echo "url=$TEST_DATABASE_URL"; echo "$SWITCHBOARD_TESTS_WITHOUT_POSTGRES"',
      ],
      { encoding: "utf8", env: { ...process.env, LOCAL_POSTGRES_URL: "postgres://postgres@127.0.0.1:1" } },
    );
    const [url, sentence] = out.trim().split("\n");
    expect(url).toBe("url=");
    expect(sentence).toMatch(/^No PostgreSQL answered at postgres:\/\/postgres@127\.0\.0\.1:1 .*skipped/);
  });
});
