import { DEFAULT_SEND_TIMEOUT_MS, type OutboundRequest, type SendOutcome, type Transport } from "./transport";

interface GraphErrorBody {
  error?: { code?: number; message?: string; error_data?: { details?: string } };
  messages?: { id?: string }[];
}

/** The Cloud API client: POST {graphUrl}/{phone_number_id}/messages with the Bearer token. */
export class GraphTransport implements Transport {
  constructor(private readonly opts: { graphUrl: string; accessToken: string; fetch?: typeof fetch }) {}

  async send(req: OutboundRequest, signal: AbortSignal): Promise<SendOutcome> {
    const f = this.opts.fetch ?? fetch;
    let res: Response;
    try {
      res = await f(`${this.opts.graphUrl}/${encodeURIComponent(req.phoneNumberId)}/messages`, {
        method: "POST",
        headers: { authorization: `Bearer ${this.opts.accessToken}`, "content-type": "application/json" },
        body: JSON.stringify(req.body),
        signal: AbortSignal.any([signal, AbortSignal.timeout(DEFAULT_SEND_TIMEOUT_MS)]),
      });
    } catch (e) {
      return {
        ok: false,
        code: null,
        httpStatus: null,
        message: `Could not reach WhatsApp: ${(e as Error).message}`,
      };
    }
    let json: GraphErrorBody = {};
    try {
      json = (await res.json()) as GraphErrorBody;
    } catch {
      // a proxy's HTML error page: classified by the HTTP status alone
    }
    const wamid = json.messages?.[0]?.id;
    if (res.ok && typeof wamid === "string" && wamid) return { ok: true, wamid };
    const err = json.error;
    return {
      ok: false,
      code: typeof err?.code === "number" ? err.code : null,
      httpStatus: res.ok ? 502 : res.status,
      message:
        err?.error_data?.details ??
        err?.message ??
        (res.ok ? "WhatsApp answered without a message id" : `HTTP ${res.status}`),
    };
  }
}
