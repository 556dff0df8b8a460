import { expect, type Page, test } from "@playwright/test";
import { contextFor } from "./fixtures/auth";
import {
  composer,
  customerSays,
  openConversation,
  openTab,
  row,
  tab,
  thread,
  uniqueWaId,
} from "./inbox-helpers";

type TeamMember = { id: string; name: string; load: number };

/** The active team and their loads as the server has them now, through the page's own session. */
async function team(page: Page): Promise<TeamMember[]> {
  const res = await page.request.get("/api/inbox/members");
  expect(res.status()).toBe(200);
  return ((await res.json()) as { members: TeamMember[] }).members;
}

/** The picker's rows as the manager sees them: name → "N assigned". */
async function pickerRows(page: Page) {
  const picker = page.getByRole("dialog", { name: "Assign to" });
  await expect(picker.getByRole("button").first()).toBeVisible();
  return picker.getByRole("button").evaluateAll((buttons) =>
    buttons.map((b) => ({
      name: b.querySelector(".font-medium")?.textContent ?? "",
      load: (b.textContent ?? "").match(/(\d+) assigned/)?.[1] ?? "",
    })),
  );
}

test("the manager assigns an Open conversation to Ben from the picker; Ben sees it live", async ({
  browser,
  request,
}) => {
  const stamp = Date.now();
  const first = `Assign Me ${stamp}`;
  const second = `Assign Next ${stamp}`;
  // A member who has left the team is not offered.
  const leaver = `Lee Leaver ${stamp}`;
  const leaverEmail = `leaver.${stamp}@demo.test`;
  expect(
    (
      await request.post("/api/test/members", {
        data: { action: "create", email: leaverEmail, name: leaver },
      })
    ).status(),
  ).toBe(200);
  expect(
    (
      await request.post("/api/test/members", { data: { action: "deactivate", email: leaverEmail } })
    ).status(),
  ).toBe(200);

  await customerSays(request, {
    waId: uniqueWaId(),
    name: first,
    text: "Can someone help me with a refund?",
  });
  await customerSays(request, { waId: uniqueWaId(), name: second, text: "And me, please" });

  const ben = await contextFor(browser, "ben");
  const maya = await contextFor(browser, "manager");
  await openConversation(ben.page, first);
  await expect(ben.page.getByRole("button", { name: "Pick up" })).toBeVisible();

  await openTab(maya.page, "Open");
  await openConversation(maya.page, first);
  await maya.page.getByRole("button", { name: "Assign", exact: true }).click();

  // The picker lists every active member, with how many conversations each has assigned now.
  const before = await team(maya.page);
  const shown = await pickerRows(maya.page);
  expect(shown).toEqual(before.map((m) => ({ name: m.name, load: String(m.load) })));
  expect(shown.map((m) => m.name)).toEqual(expect.arrayContaining(["Asha Rao", "Ben Okafor", "Maya Patel"]));
  expect(shown.map((m) => m.name)).not.toContain(leaver);
  const benBefore = before.find((m) => m.name === "Ben Okafor")?.load ?? -1;

  await maya.page
    .getByRole("dialog", { name: "Assign to" })
    .getByRole("button", { name: /Ben Okafor/ })
    .click();
  await expect(maya.page.getByRole("dialog", { name: "Assign to" })).toHaveCount(0);
  await expect(maya.page.getByTestId("thread-assignee")).toHaveText("Assigned to Ben Okafor");

  // Ben's screen follows without a reload: his conversation now, with the timeline line, and he can reply.
  await expect(ben.page.getByTestId("thread-assignee")).toHaveText("Assigned to Ben Okafor");
  await expect(
    thread(ben.page)
      .getByTestId("timeline-event")
      .filter({ hasText: "Maya Patel assigned this to Ben Okafor" }),
  ).toBeVisible();
  await expect(ben.page.getByRole("button", { name: "Pick up" })).toHaveCount(0);
  await expect(composer(ben.page)).toBeEnabled();
  await expect(row(ben.page, first)).toHaveCount(0); // gone from his Open list
  await expect(tab(ben.page, "Assigned")).toBeVisible();
  await openTab(ben.page, "Assigned");
  await expect(row(ben.page, first)).toContainText("Ben Okafor");

  // The next time the manager assigns, Ben's load counts this conversation.
  await openTab(maya.page, "Open");
  await openConversation(maya.page, second);
  await maya.page.getByRole("button", { name: "Assign", exact: true }).click();
  const again = await pickerRows(maya.page);
  expect(again.find((m) => m.name === "Ben Okafor")?.load).toBe(String(benBefore + 1));

  for (const c of [ben, maya]) await c.context.close();
});
