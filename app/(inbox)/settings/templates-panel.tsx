"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { createTemplateAction, deleteTemplateAction } from "@/lib/actions/settings";
import { label, useRun } from "./use-run";
import { TextField } from "./text-field";

type T = {
  id: string;
  name: string;
  language: string;
  body: string;
  quickReplies: string[];
  placeholders: number;
};

/** The business's copy of its Meta-approved templates, used by replies and campaigns. */
export function TemplatesPanel({ templates }: { templates: T[] }) {
  const { pending, run } = useRun();
  const [name, setName] = useState("");
  const [language, setLanguage] = useState("en_US");
  const [body, setBody] = useState("");
  const [quick, setQuick] = useState("");
  return (
    <section
      aria-label="Templates"
      className="overflow-hidden rounded-xl border border-slate-200 bg-white shadow-xs"
    >
      <div className="border-b border-slate-100 px-4 py-3">
        <h2 className="text-sm font-semibold text-slate-900">Template catalogue</h2>
        <p className="text-xs text-slate-500">
          Enter templates exactly as approved at Meta; {"{{1}}"}, {"{{2}}"}… are filled in when sending.
        </p>
      </div>
      {templates.length === 0 ? (
        <p className="px-4 py-6 text-center text-sm text-slate-500">No templates yet.</p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {templates.map((t) => (
            <li key={t.id} className="flex items-start justify-between gap-4 px-4 py-3 text-sm">
              <div className="min-w-0">
                <p className="font-medium text-slate-900">
                  {t.name} <span className="font-normal text-slate-500">· {t.language}</span>
                  {t.placeholders > 0 && (
                    <span className="ml-2 text-xs text-slate-500">{t.placeholders} value(s)</span>
                  )}
                </p>
                <p className="mt-0.5 whitespace-pre-wrap text-slate-600">{t.body}</p>
                {t.quickReplies.length > 0 && (
                  <p className="mt-1 text-xs text-slate-500">Quick replies: {t.quickReplies.join(" · ")}</p>
                )}
              </div>
              <Button
                size="sm"
                variant="ghost"
                pending={pending}
                aria-label={`Delete template ${t.name}`}
                onClick={() => run(() => deleteTemplateAction({ templateId: t.id }), "Template removed.")}
              >
                Delete
              </Button>
            </li>
          ))}
        </ul>
      )}
      <form
        aria-label="Add a template"
        className="grid gap-2 border-t border-slate-100 bg-slate-50/60 px-4 py-3 md:grid-cols-[12rem_7rem_1fr]"
        onSubmit={(e) => {
          e.preventDefault();
          const quickReplies = quick
            .split(",")
            .map((q) => q.trim())
            .filter(Boolean);
          run(
            () => createTemplateAction({ name, language, body, quickReplies }),
            () => {
              setName("");
              setBody("");
              setQuick("");
            },
          );
        }}
      >
        <TextField
          id="tpl-name"
          label="Name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          required
          placeholder="order_update"
          className="w-full font-mono"
        />
        <TextField
          id="tpl-lang"
          label="Language"
          value={language}
          onChange={(e) => setLanguage(e.target.value)}
          required
          className="w-full"
        />
        <TextField
          id="tpl-quick"
          label="Quick replies (comma-separated, optional)"
          value={quick}
          onChange={(e) => setQuick(e.target.value)}
          className="w-full"
        />
        <div className="md:col-span-3">
          <label htmlFor="tpl-body" className={label}>
            Body
          </label>
          <textarea
            id="tpl-body"
            value={body}
            onChange={(e) => setBody(e.target.value)}
            required
            rows={2}
            className="w-full rounded-lg border border-slate-300 bg-white px-2.5 py-2 text-sm"
          />
        </div>
        <div className="md:col-span-3">
          <Button type="submit" variant="primary" pending={pending}>
            Add template
          </Button>
        </div>
      </form>
    </section>
  );
}
