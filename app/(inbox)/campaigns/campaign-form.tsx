"use client";

import { callAction } from "@/lib/actions/call-action";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useState, useTransition } from "react";
import { createCampaignAction } from "@/lib/actions/campaigns";
import { useSendKey } from "../use-send-key";

interface TemplateOption {
  id: string;
  name: string;
  language: string;
  body: string;
  paramCount: number;
}
interface NumberOption {
  id: string;
  label: string;
  displayNumber: string;
}

type Outcome =
  | {
      ok: true;
      campaignId: string;
      queued: number;
      duplicates: number;
      invalid: { line: number; text: string; reason: string }[];
    }
  | { ok: false; message: string; invalid?: { line: number; text: string; reason: string }[] };

const input =
  "mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-emerald-600";

export function CampaignForm({
  templates,
  numbers,
}: {
  templates: TemplateOption[];
  numbers: NumberOption[];
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const sendKey = useSendKey();
  const [name, setName] = useState("");
  const [templateId, setTemplateId] = useState(templates[0]?.id ?? "");
  const [numberId, setNumberId] = useState(numbers[0]?.id ?? "");
  const [params, setParams] = useState<string[]>([]);
  const [recipients, setRecipients] = useState("");
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const tpl = templates.find((t) => t.id === templateId);
  const values = Array.from({ length: tpl?.paramCount ?? 0 }, (_, i) => params[i] ?? "");
  const preview = useMemo(
    () => (tpl ? tpl.body.replace(/\{\{\s*(\d+)\s*\}\}/g, (m, n) => values[Number(n) - 1] || m) : ""),
    [tpl, values],
  );
  const lineCount = recipients.split(/\n/).filter((l) => l.trim()).length;

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setOutcome(null);
    start(async () => {
      const request = { name, templateId, numberId, recipients, params: values };
      const idempotencyKey = sendKey.keyFor(JSON.stringify(request));
      const r = await callAction(() => createCampaignAction({ ...request, idempotencyKey }));
      if (r.ok) {
        sendKey.done();
        setOutcome({
          ok: true,
          campaignId: r.campaignId,
          queued: r.queued,
          duplicates: r.duplicates,
          invalid: r.invalid,
        });
        setRecipients("");
        router.refresh();
      } else {
        setOutcome({ ok: false, message: r.message });
      }
    });
  };

  return (
    <form onSubmit={submit} className="mt-4 grid gap-4 md:grid-cols-2">
      <div className="space-y-4">
        <label className="block text-sm font-medium text-slate-700">
          Campaign name
          <input
            className={input}
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
            maxLength={120}
          />
        </label>
        <label className="block text-sm font-medium text-slate-700">
          Template
          <select className={input} value={templateId} onChange={(e) => setTemplateId(e.target.value)}>
            {templates.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name} ({t.language})
              </option>
            ))}
          </select>
        </label>
        <label className="block text-sm font-medium text-slate-700">
          Send from
          <select className={input} value={numberId} onChange={(e) => setNumberId(e.target.value)}>
            {numbers.map((n) => (
              <option key={n.id} value={n.id}>
                {n.label} · {n.displayNumber}
              </option>
            ))}
          </select>
        </label>
        {values.map((v, i) => (
          <label key={`${templateId}-${i}`} className="block text-sm font-medium text-slate-700">
            {`Parameter {{${i + 1}}}`}
            <input
              className={input}
              value={v}
              required
              onChange={(e) =>
                setParams((p) =>
                  Object.assign([...values], p.slice(0, values.length), { [i]: e.target.value }),
                )
              }
            />
          </label>
        ))}
        {tpl && (
          <div>
            <p className="text-sm font-medium text-slate-700">Preview</p>
            <p className="mt-1 whitespace-pre-wrap rounded-lg bg-emerald-50 px-3 py-2 text-sm text-slate-800">
              {preview}
            </p>
          </div>
        )}
      </div>
      <div className="flex flex-col gap-3">
        <label className="flex flex-1 flex-col text-sm font-medium text-slate-700">
          Recipients (one phone number a line, with + and country code)
          <textarea
            className={`${input} min-h-48 flex-1 font-mono`}
            value={recipients}
            onChange={(e) => setRecipients(e.target.value)}
            placeholder={"+14155550101\n+44 20 7946 0958"}
            required
          />
        </label>
        <div className="flex items-center justify-between gap-3">
          <span className="text-xs text-slate-500">{lineCount} line(s)</span>
          <button
            type="submit"
            disabled={pending || !templateId || !numberId}
            className="rounded-lg bg-emerald-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-emerald-700 disabled:opacity-50"
          >
            {pending ? "Sending…" : "Send campaign"}
          </button>
        </div>
        {outcome && (
          <div
            role="status"
            aria-label="Campaign result"
            className={`rounded-lg px-3 py-2 text-sm ${outcome.ok ? "bg-emerald-50 text-emerald-900" : "bg-rose-50 text-rose-900"}`}
          >
            {outcome.ok ? (
              <p>
                {outcome.queued} message(s) queued
                {outcome.duplicates ? `, ${outcome.duplicates} duplicate(s) removed` : ""}.{" "}
                <Link className="font-semibold underline" href={`/campaigns/${outcome.campaignId}`}>
                  Follow its delivery
                </Link>
              </p>
            ) : (
              <p>{outcome.message}</p>
            )}
            {outcome.invalid && outcome.invalid.length > 0 && (
              <ul className="mt-2 list-disc pl-5 text-rose-900">
                {outcome.invalid.slice(0, 50).map((b) => (
                  <li key={`${b.line}-${b.text}`}>
                    Line {b.line}: “{b.text}” — {b.reason}
                  </li>
                ))}
                {outcome.invalid.length > 50 && <li>…and {outcome.invalid.length - 50} more</li>}
              </ul>
            )}
          </div>
        )}
      </div>
    </form>
  );
}
