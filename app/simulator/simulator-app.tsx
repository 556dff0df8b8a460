"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { SimMessage } from "@/lib/whatsapp/simulator/store";

interface NumberOption {
  phoneNumberId: string;
  displayNumber: string;
  label: string;
  business: string;
}
interface Customer {
  name: string;
  waId: string;
}

const STORAGE_KEY = "switchboard.simulator.customers";
const RECEIPT: Record<string, string> = {
  queued: "Sending",
  sending: "Sending",
  sent: "Sent",
  delivered: "Delivered",
  read: "Read",
  failed: "Failed",
};
const field = "mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm";

function loadCustomers(): Customer[] {
  try {
    const v = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "[]") as Customer[];
    return Array.isArray(v)
      ? v.filter((c) => c && typeof c.waId === "string" && typeof c.name === "string")
      : [];
  } catch {
    return [];
  }
}

export function SimulatorApp({ numbers }: { numbers: NumberOption[] }) {
  const [customers, setCustomers] = useState<Customer[]>([]);
  const [customer, setCustomer] = useState<Customer | null>(null);
  const [draftName, setDraftName] = useState("");
  const [draftNumber, setDraftNumber] = useState("");
  const [phoneNumberId, setPhoneNumberId] = useState(numbers[0]?.phoneNumberId ?? "");
  const [thread, setThread] = useState<SimMessage[]>([]);
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [unreachable, setUnreachable] = useState(false);
  const bottom = useRef<HTMLDivElement>(null);

  useEffect(() => {
    setCustomers(loadCustomers());
  }, []);

  const refresh = useCallback(async () => {
    if (!customer || !phoneNumberId) return;
    const res = await fetch(`/api/simulator/thread?phoneNumberId=${phoneNumberId}&waId=${customer.waId}`, {
      cache: "no-store",
    });
    if (!res.ok) return;
    const data = (await res.json()) as { messages: SimMessage[] };
    setThread(data.messages);
    // The chat is open on the phone: whatever the business sent is now read (a status webhook).
    if (
      document.visibilityState === "visible" &&
      data.messages.some(
        (m) => m.direction === "outbound" && (m.status === "sent" || m.status === "delivered"),
      )
    ) {
      void fetch("/api/simulator/read", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ phoneNumberId, waId: customer.waId }),
      });
    }
  }, [customer, phoneNumberId]);

  useEffect(() => {
    setThread([]);
    void refresh();
    const t = setInterval(() => void refresh(), 1000);
    return () => clearInterval(t);
  }, [refresh]);

  // Whether this customer's phone is switched off: kept by the server, where the simulated Cloud API runs.
  useEffect(() => {
    setUnreachable(false);
    if (!customer) return;
    let live = true;
    void fetch(`/api/simulator/phone?phoneNumberId=${phoneNumberId}&waId=${customer.waId}`, {
      cache: "no-store",
    })
      .then((r) => (r.ok ? (r.json() as Promise<{ unreachable?: boolean }>) : null))
      .then((d) => {
        if (live && d) setUnreachable(!!d.unreachable);
      });
    return () => {
      live = false;
    };
  }, [customer, phoneNumberId]);

  const toggleUnreachable = async (next: boolean) => {
    if (!customer) return;
    setUnreachable(next);
    const res = await fetch("/api/simulator/phone", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ phoneNumberId, waId: customer.waId, unreachable: next }),
    });
    if (!res.ok) {
      setUnreachable(!next);
      setError("Could not change the phone's state.");
    }
  };

  useEffect(() => {
    if (thread.length) bottom.current?.scrollIntoView({ block: "end" });
  }, [thread.length]);

  const addCustomer = (e: React.FormEvent) => {
    e.preventDefault();
    const waId = draftNumber.replace(/[\s\-+().]/g, "");
    if (!/^[1-9]\d{7,14}$/.test(waId)) {
      setError("The number needs its country code, 8 to 15 digits (e.g. +1 415 555 0101).");
      return;
    }
    const c = { name: draftName.trim() || `Customer ${waId.slice(-4)}`, waId };
    const next = [c, ...customers.filter((x) => x.waId !== waId)].slice(0, 20);
    setCustomers(next);
    localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    setCustomer(c);
    setDraftName("");
    setDraftNumber("");
    setError(null);
  };

  const send = async (payload: Record<string, unknown>) => {
    if (!customer) return;
    setBusy(true);
    setError(null);
    try {
      const res = await fetch("/api/simulator/send", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ phoneNumberId, waId: customer.waId, name: customer.name, ...payload }),
      });
      const data = (await res.json().catch(() => ({}))) as { ok?: boolean; message?: string };
      if (!data.ok) setError(data.message ?? "Could not send.");
      await refresh();
    } finally {
      setBusy(false);
    }
  };

  const sendText = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    await send({ text });
    setText("");
  };

  const sendImage = async (file: File | undefined) => {
    if (!file) return;
    const buf = new Uint8Array(await file.arrayBuffer());
    let bin = "";
    for (let i = 0; i < buf.length; i += 0x8000) bin += String.fromCharCode(...buf.subarray(i, i + 0x8000));
    await send({
      image: { base64: btoa(bin), mimeType: file.type || "image/jpeg", caption: text.trim() || undefined },
    });
    setText("");
  };

  const number = numbers.find((n) => n.phoneNumberId === phoneNumberId);

  return (
    <div className="min-h-dvh bg-slate-100">
      <header className="border-b border-slate-200 bg-white px-6 py-4">
        <h1 className="text-lg font-semibold text-slate-900">WhatsApp simulator</h1>
        <p className="text-sm text-slate-600">
          Play a customer. Messages go to Switchboard through its real, signed webhook; replies come back here
          with their receipts.
        </p>
      </header>
      <div className="mx-auto grid max-w-6xl gap-6 p-6 lg:grid-cols-[320px_1fr]">
        <aside className="space-y-6">
          <section
            aria-labelledby="sim-customer"
            className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm"
          >
            <h2 id="sim-customer" className="text-sm font-semibold text-slate-900">
              Customer
            </h2>
            <form onSubmit={addCustomer} className="mt-2 space-y-2">
              <label className="block text-sm text-slate-700">
                Customer name
                <input
                  className={field}
                  value={draftName}
                  onChange={(e) => setDraftName(e.target.value)}
                  maxLength={80}
                />
              </label>
              <label className="block text-sm text-slate-700">
                Customer phone number
                <input
                  className={field}
                  value={draftNumber}
                  onChange={(e) => setDraftNumber(e.target.value)}
                  placeholder="+1 415 555 0101"
                  inputMode="tel"
                />
              </label>
              <button
                type="submit"
                className="w-full rounded-lg bg-slate-800 px-3 py-2 text-sm font-semibold text-white hover:bg-slate-900"
              >
                Use this customer
              </button>
            </form>
            {customers.length > 0 && (
              <ul className="mt-3 space-y-1" aria-label="Saved customers">
                {customers.map((c) => (
                  <li key={c.waId}>
                    <button
                      type="button"
                      onClick={() => setCustomer(c)}
                      aria-pressed={customer?.waId === c.waId}
                      className={`w-full rounded-lg px-3 py-1.5 text-left text-sm ${customer?.waId === c.waId ? "bg-emerald-50 font-medium text-emerald-900" : "hover:bg-slate-50"}`}
                    >
                      {c.name} <span className="text-slate-500">+{c.waId}</span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
            <label className="block text-sm font-semibold text-slate-900">
              Business number
              <select
                className={field}
                value={phoneNumberId}
                onChange={(e) => setPhoneNumberId(e.target.value)}
              >
                {numbers.map((n) => (
                  <option key={n.phoneNumberId} value={n.phoneNumberId}>
                    {n.business} · {n.label} · {n.displayNumber}
                  </option>
                ))}
              </select>
            </label>
          </section>
        </aside>

        <section
          aria-label="Chat"
          className="flex min-h-[70vh] flex-col overflow-hidden rounded-xl border border-slate-200 bg-[#efeae2] shadow-sm"
        >
          <div className="border-b border-slate-200 bg-emerald-700 px-4 py-3 text-white">
            <p className="font-semibold">
              {number ? `${number.business} (${number.label})` : "No business number"}
            </p>
            <p className="text-xs text-emerald-100">
              {customer ? `You are ${customer.name}, +${customer.waId}` : "Choose or create a customer first"}
            </p>
            {customer && (
              <div className="mt-2 flex items-start gap-2 text-xs text-emerald-50">
                <input
                  id="sim-unreachable"
                  type="checkbox"
                  className="mt-0.5 h-4 w-4 accent-rose-500"
                  checked={unreachable}
                  aria-describedby="sim-unreachable-hint"
                  onChange={(e) => void toggleUnreachable(e.target.checked)}
                />
                <div>
                  <label htmlFor="sim-unreachable" className="font-semibold">
                    Phone unreachable
                  </label>
                  <p id="sim-unreachable-hint" className="text-emerald-100">
                    The business's messages to this customer fail with WhatsApp error 131026 (undeliverable)
                    until you switch this off.
                  </p>
                </div>
              </div>
            )}
          </div>
          <ol className="flex-1 space-y-2 overflow-y-auto p-4" aria-label="Messages">
            {thread.map((m) => (
              <li
                key={m.id}
                className={`flex ${m.direction === "inbound" ? "justify-end" : "justify-start"}`}
              >
                <div
                  className={`max-w-[75%] rounded-lg px-3 py-2 text-sm shadow-sm ${m.direction === "inbound" ? "bg-[#d9fdd3]" : "bg-white"}`}
                >
                  {m.type === "image" && m.mediaId?.startsWith("sim") ? (
                    // biome-ignore lint/performance/noImgElement: simulator-uploaded bytes, not a static asset
                    <img
                      src={`/api/simulator/media/${m.mediaId}`}
                      alt={m.body ?? "Image"}
                      className="mb-1 max-h-48 rounded"
                    />
                  ) : null}
                  <p className="whitespace-pre-wrap text-slate-900">{m.body ?? `[${m.type}]`}</p>
                  {m.quickReplies.length > 0 && m.wamid ? (
                    <div className="mt-2 flex flex-col gap-1 border-t border-slate-100 pt-2">
                      {m.quickReplies.map((q) => (
                        <button
                          key={q}
                          type="button"
                          disabled={busy || !customer}
                          onClick={() => void send({ button: { contextWamid: m.wamid, text: q } })}
                          className="rounded-md py-1 text-center text-sm font-medium text-sky-700 hover:bg-sky-50"
                        >
                          {q}
                        </button>
                      ))}
                    </div>
                  ) : null}
                  <p className="mt-1 text-right text-[11px] text-slate-500">
                    {new Date(m.at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}
                    {m.direction === "outbound" ? (
                      <span className="ml-2 font-medium" data-testid="receipt">
                        {RECEIPT[m.status] ?? m.status}
                      </span>
                    ) : null}
                  </p>
                </div>
              </li>
            ))}
          </ol>
          <div ref={bottom} />
          {error && (
            <p
              role="alert"
              aria-label="Simulator error"
              className="bg-rose-50 px-4 py-2 text-sm text-rose-800"
            >
              {error}
            </p>
          )}
          <form onSubmit={sendText} className="flex items-end gap-2 border-t border-slate-200 bg-white p-3">
            <label className="flex-1 text-sm">
              <span className="sr-only">Customer message</span>
              <textarea
                aria-label="Customer message"
                className="block max-h-32 min-h-10 w-full resize-y rounded-lg border border-slate-300 px-3 py-2 text-sm"
                value={text}
                disabled={!customer}
                onChange={(e) => setText(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === "Enter" && !e.shiftKey) {
                    e.preventDefault();
                    e.currentTarget.form?.requestSubmit();
                  }
                }}
                placeholder={customer ? "Type a message" : "Choose a customer first"}
              />
            </label>
            <label
              className={`cursor-pointer rounded-lg border border-slate-300 px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50 ${!customer ? "pointer-events-none opacity-50" : ""}`}
            >
              Send image
              <input
                type="file"
                accept="image/jpeg,image/png,image/webp"
                className="sr-only"
                disabled={!customer || busy}
                onChange={(e) => void sendImage(e.target.files?.[0])}
              />
            </label>
            <button
              type="submit"
              disabled={!customer || busy || !text.trim()}
              className="rounded-lg bg-emerald-600 px-4 py-2 text-sm font-semibold text-white hover:bg-emerald-700 disabled:opacity-50"
            >
              Send as customer
            </button>
          </form>
        </section>
      </div>
    </div>
  );
}
