"use client";

import { useEffect, useRef } from "react";

const KEYS: [string, string][] = [
  ["j", "Next conversation"],
  ["k", "Previous conversation"],
  ["r", "Reply (focus the composer)"],
  ["e", "Mark as resolved"],
  ["Enter", "Send (in the composer)"],
  ["Shift + Enter", "New line"],
  ["?", "Show or hide this list"],
];

export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      aria-labelledby="shortcuts-title"
      onClose={onClose}
      onClick={(e) => e.target === ref.current && onClose()}
      onKeyDown={(e) => {
        if (e.key === "?") {
          e.preventDefault();
          onClose();
        }
      }}
      className="m-auto w-[22rem] max-w-[calc(100vw-2rem)] rounded-2xl border border-slate-200 bg-white p-0 shadow-xl backdrop:bg-slate-900/30"
    >
      <div className="p-5">
        <div className="flex items-center justify-between">
          <h2 id="shortcuts-title" className="text-base font-semibold text-slate-900">
            Keyboard shortcuts
          </h2>
          <button
            type="button"
            onClick={onClose}
            className="rounded-md px-2 py-1 text-sm text-slate-500 hover:bg-slate-100"
            autoFocus
          >
            Close
          </button>
        </div>
        <dl className="mt-4 space-y-2.5">
          {KEYS.map(([k, what]) => (
            <div key={k} className="flex items-center justify-between text-sm">
              <dt className="text-slate-600">{what}</dt>
              <dd>
                <kbd className="rounded-md border border-slate-300 bg-slate-50 px-1.5 py-0.5 font-mono text-xs text-slate-700 shadow-xs">
                  {k}
                </kbd>
              </dd>
            </div>
          ))}
        </dl>
      </div>
    </dialog>
  );
}
