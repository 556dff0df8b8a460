import { parseConfig, type AppConfig } from "../../lib/config";
import { signBody } from "../../lib/whatsapp/signature";
import { newWamid } from "./factory";
import { wabaFor } from "./waba-registry";

/**
 * Webhook bodies in the Cloud API's format (WHATSAPP.md §3), written from its shapes, and a way
 * to post them to the real route handler with a real signature.
 */
export const TEST_APP_SECRET = "test-app-secret";
export const TEST_VERIFY_TOKEN = "test-verify-token";

/** Install a config for the route handlers (no secrets written to ./.data). */
export function installTestConfig(overrides: Record<string, string> = {}): AppConfig {
  const config = parseConfig({
    AUTH_SECRET: "test-auth-secret",
    WHATSAPP_APP_SECRET: TEST_APP_SECRET,
    WHATSAPP_VERIFY_TOKEN: TEST_VERIFY_TOKEN,
    DATA_DIR: "/tmp/switchboard-test-data",
    ...overrides,
  });
  (globalThis as unknown as { __switchboardConfig?: AppConfig }).__switchboardConfig = config;
  return config;
}

export const ts = (d: Date = new Date()) => String(Math.floor(d.getTime() / 1000));

type Obj = Record<string, unknown>;

export interface ValueOpts {
  phoneNumberId: string;
  display?: string;
  contacts?: Obj[];
  messages?: Obj[];
  statuses?: Obj[];
}

export function value(o: ValueOpts): Obj {
  return {
    messaging_product: "whatsapp",
    metadata: { display_phone_number: o.display ?? "15550001111", phone_number_id: o.phoneNumberId },
    ...(o.contacts ? { contacts: o.contacts } : {}),
    ...(o.messages ? { messages: o.messages } : {}),
    ...(o.statuses ? { statuses: o.statuses } : {}),
  };
}

const phoneNumberIdOf = (v: Obj | undefined) =>
  ((v?.metadata as Obj | undefined)?.phone_number_id as string | undefined) ?? undefined;

/**
 * One or more entries, each with one or more `messages` changes. Without `wabaId` an entry
 * carries the WABA of the business that owns its first value's number, as Meta sends it.
 */
export function envelope(entries: { wabaId?: string; values: Obj[] }[]): Obj {
  return {
    object: "whatsapp_business_account",
    entry: entries.map((e) => ({
      id: e.wabaId ?? wabaFor(phoneNumberIdOf(e.values[0])) ?? "900000000000009",
      changes: e.values.map((v) => ({ value: v, field: "messages" })),
    })),
  };
}

export const contact = (waId: string, name = "Maria Lopez", extra: Obj = {}) => ({
  profile: { name },
  wa_id: waId,
  ...extra,
});

export function msg(from: string, type: string, obj: unknown, extra: Obj = {}): Obj {
  return { from, id: (extra.id as string) ?? newWamid(), timestamp: ts(), type, [type]: obj, ...extra };
}

export const text = (from: string, body: string, extra: Obj = {}) => msg(from, "text", { body }, extra);

export function status(wamid: string, s: string, extra: Obj = {}): Obj {
  return { id: wamid, status: s, timestamp: ts(), recipient_id: "15551234567", ...extra };
}

/** One customer's message(s) to one number, as Meta sends the common case. */
export function customerBody(
  phoneNumberId: string,
  waId: string,
  messages: Obj[],
  name = "Maria Lopez",
): Obj {
  return envelope([{ values: [value({ phoneNumberId, contacts: [contact(waId, name)], messages })] }]);
}

export function signedRequest(
  body: string | Buffer,
  opts: { signature?: string | null; secret?: string; url?: string } = {},
): Request {
  const headers: Record<string, string> = { "content-type": "application/json" };
  const sig = opts.signature === undefined ? signBody(body, opts.secret ?? TEST_APP_SECRET) : opts.signature;
  if (sig !== null) headers["x-hub-signature-256"] = sig;
  return new Request(opts.url ?? "http://127.0.0.1/api/webhooks/whatsapp", {
    method: "POST",
    headers,
    body: new Uint8Array(typeof body === "string" ? Buffer.from(body) : body),
  });
}

/** Post to the real route handler, signed; returns status and text. */
export async function postWebhook(
  body: Obj | string,
  opts: { signature?: string | null; secret?: string } = {},
) {
  const { POST } = await import("../../app/api/webhooks/whatsapp/route");
  const raw = typeof body === "string" ? body : JSON.stringify(body);
  const res = await POST(signedRequest(raw, opts));
  return { status: res.status, text: await res.text() };
}
