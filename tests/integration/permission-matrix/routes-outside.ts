import { newWaId } from "../../helpers/factory";
import { TEST_VERIFY_TOKEN } from "../../helpers/webhook-fixtures";
import type { RouteEntry, Verdict } from "./types";

// The simulator (any signed-in member, on their own business's numbers only: another
// business's number is "Unknown business number", 404), health, and the public endpoints.
const base = "http://localhost:3000";
const json = (body: unknown): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});
const chat = (phoneNumberId: string) => `phoneNumberId=${phoneNumberId}&waId=${newWaId()}`;

export const outsideRoutes: RouteEntry[] = [
  {
    file: "app/api/simulator/thread/route.ts",
    method: "GET",
    needs: "signed-in",
    mutates: false,
    otherStatus: 404,
    request: async (_fx, side) => ({
      url: `${base}/api/simulator/thread?${chat(side.world.numbers[0].phoneNumberId)}`,
    }),
  },
  {
    file: "app/api/simulator/phone/route.ts",
    method: "GET",
    needs: "signed-in",
    mutates: false,
    otherStatus: 404,
    request: async (_fx, side) => ({
      url: `${base}/api/simulator/phone?${chat(side.world.numbers[0].phoneNumberId)}`,
    }),
  },
  {
    file: "app/api/simulator/phone/route.ts",
    method: "POST",
    needs: "signed-in",
    // the switch lives in the server's memory, not in the database
    mutates: false,
    otherStatus: 404,
    request: async (_fx, side) => ({
      url: `${base}/api/simulator/phone`,
      init: json({ phoneNumberId: side.world.numbers[0].phoneNumberId, waId: newWaId(), unreachable: false }),
    }),
  },
  {
    file: "app/api/simulator/read/route.ts",
    method: "POST",
    needs: "signed-in",
    mutates: false,
    otherStatus: 404,
    request: async (_fx, side) => ({
      url: `${base}/api/simulator/read`,
      init: json({ phoneNumberId: side.world.numbers[0].phoneNumberId, waId: newWaId() }),
    }),
  },
  {
    file: "app/api/simulator/send/route.ts",
    method: "POST",
    needs: "signed-in",
    mutates: true,
    otherStatus: 404,
    request: async (_fx, side) => ({
      url: `${base}/api/simulator/send`,
      init: json({
        phoneNumberId: side.world.numbers[0].phoneNumberId,
        waId: newWaId(),
        name: "Sim Customer",
        text: "Hi from the simulator",
      }),
    }),
  },
  {
    file: "app/api/simulator/media/[id]/route.ts",
    method: "GET",
    needs: "signed-in",
    mutates: false,
    otherStatus: 404,
    request: async (fx, side) => {
      const id = fx.media.get(side.world.biz.id)!;
      return { url: `${base}/api/simulator/media/${id}`, params: { id } };
    },
  },
  {
    file: "app/api/health/route.ts",
    method: "GET",
    // Everyone learns ok / not ok; the details are for admins and owners (settings.manage).
    needs: "settings.manage",
    mutates: false,
    request: async () => ({ url: `${base}/api/health` }),
    verdict: (res, text): Verdict => {
      if (res.status !== 200) return { allowed: false, status: res.status };
      return "database" in JSON.parse(text) ? { allowed: true } : { allowed: false, status: 403 };
    },
  },
  {
    file: "app/api/webhooks/whatsapp/route.ts",
    method: "GET",
    needs: { public: "Meta's subscription handshake: the verify token decides, not a session", status: 200 },
    mutates: false,
    request: async () => ({
      url: `${base}/api/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=42&hub.verify_token=${TEST_VERIFY_TOKEN}`,
    }),
  },
  {
    file: "app/api/webhooks/whatsapp/route.ts",
    method: "POST",
    // unsigned, so refused whoever holds a session
    needs: { public: "Meta's webhook: the body's signature decides (webhook*.test.ts)", status: 401 },
    mutates: false,
    request: async () => ({ url: `${base}/api/webhooks/whatsapp`, init: json({ object: "x" }) }),
  },
  {
    file: "app/api/auth/[...nextauth]/route.ts",
    method: "GET",
    needs: { public: "Auth.js's own endpoints (sign-in, CSRF, session): auth-cookies.test.ts", status: 200 },
    mutates: false,
    request: async () => ({ url: `${base}/api/auth/session` }),
  },
  {
    file: "app/api/auth/[...nextauth]/route.ts",
    method: "POST",
    // without its CSRF token Auth.js sends the caller back to sign in
    needs: {
      public: "Auth.js's credentials sign-in: auth-cookies.test.ts, sign-in-throttle.test.ts",
      status: 302,
    },
    mutates: false,
    // the refusal's reason, which Auth.js logs as an error: checked, and kept off the output
    logs: "MissingCSRF",
    request: async () => ({ url: `${base}/api/auth/signout`, init: { method: "POST" } }),
  },
  {
    file: "app/api/test/invites/route.ts",
    method: "POST",
    needs: { disabled: "test-only: exists only under SWITCHBOARD_E2E=1 (test-routes-guard.test.ts)" },
    mutates: false,
    request: async () => ({
      url: `${base}/api/test/invites`,
      init: json({ action: "expire", url: "/invite/x" }),
    }),
  },
  {
    file: "app/api/test/members/route.ts",
    method: "POST",
    needs: { disabled: "test-only: exists only under SWITCHBOARD_E2E=1 (test-routes-guard.test.ts)" },
    mutates: false,
    request: async () => ({
      url: `${base}/api/test/members`,
      init: json({ action: "create", email: "x@t.test", name: "X" }),
    }),
  },
];
