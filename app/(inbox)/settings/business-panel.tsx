"use client";

import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import {
  addNumberAction,
  renameBusinessAction,
  setAutoCloseAction,
  updateNumberAction,
} from "@/lib/actions/settings";
import type { WabaNumber } from "@/db/schema";
import { field, label, useRun } from "./use-run";
import { TextField } from "./text-field";

type Unit = "minutes" | "hours" | "days";
const FACTOR: Record<Unit, number> = { minutes: 1, hours: 60, days: 1440 };

function split(minutes: number | null): { value: string; unit: Unit } {
  if (minutes === null) return { value: "", unit: "hours" };
  if (minutes % 1440 === 0) return { value: String(minutes / 1440), unit: "days" };
  if (minutes % 60 === 0) return { value: String(minutes / 60), unit: "hours" };
  return { value: String(minutes), unit: "minutes" };
}

export function BusinessPanel({
  business,
  numbers,
}: {
  business: { name: string; wabaId: string; autoCloseMinutes: number | null };
  numbers: WabaNumber[];
}) {
  const { pending, run } = useRun();
  const [name, setName] = useState(business.name);
  const initial = split(business.autoCloseMinutes);
  const [value, setValue] = useState(initial.value);
  const [unit, setUnit] = useState<Unit>(initial.unit);
  const [error, setError] = useState<string | null>(null);

  const saveAutoClose = (useDefault: boolean) => {
    setError(null);
    const n = Number(value);
    const minutes = useDefault ? null : Math.round(n * FACTOR[unit]);
    if (!useDefault && (!value || !Number.isFinite(n) || minutes! < 1 || minutes! > 43_200)) {
      setError("The auto-close period must be between 1 minute and 30 days (43,200 minutes).");
      return;
    }
    run(
      () => setAutoCloseAction({ minutes }),
      useDefault ? "Auto-close period reset to the default." : "Auto-close period saved.",
    );
  };

  return (
    <section
      aria-label="Business"
      className="overflow-hidden rounded-xl border border-slate-200 bg-white shadow-xs"
    >
      <div className="border-b border-slate-100 px-4 py-3">
        <h2 className="text-sm font-semibold text-slate-900">Business</h2>
        <p className="text-xs text-slate-500">WhatsApp Business Account {business.wabaId}</p>
      </div>
      <div className="grid gap-6 p-4 md:grid-cols-2">
        <form
          aria-label="Business name"
          className="flex items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            run(() => renameBusinessAction({ name }), "Business name saved.");
          }}
        >
          <div className="flex-1">
            <label htmlFor="business-name" className={label}>
              Business name
            </label>
            <input
              id="business-name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              className={`${field} w-full`}
            />
          </div>
          <Button type="submit" pending={pending}>
            Save name
          </Button>
        </form>
        <form
          aria-label="Auto-close period"
          className="space-y-1"
          onSubmit={(e) => {
            e.preventDefault();
            saveAutoClose(false);
          }}
        >
          <label htmlFor="auto-close" className={label}>
            Auto-close after silence{" "}
            {business.autoCloseMinutes === null && <span className="font-normal">(using the default)</span>}
          </label>
          <div className="flex items-center gap-2">
            <input
              id="auto-close"
              inputMode="decimal"
              value={value}
              onChange={(e) => setValue(e.target.value)}
              aria-invalid={Boolean(error)}
              aria-describedby="auto-close-help"
              placeholder="48"
              className={`${field} w-24`}
            />
            <select
              aria-label="Unit"
              value={unit}
              onChange={(e) => setUnit(e.target.value as Unit)}
              className={field}
            >
              <option value="minutes">minutes</option>
              <option value="hours">hours</option>
              <option value="days">days</option>
            </select>
            <Button type="submit" pending={pending}>
              Save period
            </Button>
            {business.autoCloseMinutes !== null && (
              <Button variant="ghost" size="sm" onClick={() => saveAutoClose(true)}>
                Use default
              </Button>
            )}
          </div>
          <p
            id="auto-close-help"
            className={`text-xs ${error ? "text-red-700" : "text-slate-500"}`}
            aria-live="polite"
          >
            {error ??
              "From 1 minute to 30 days. Assigned conversations close when the customer has been silent this long."}
          </p>
        </form>
      </div>
      <NumbersTable numbers={numbers} />
    </section>
  );
}

function NumbersTable({ numbers }: { numbers: WabaNumber[] }) {
  const { pending, run } = useRun();
  const [pnid, setPnid] = useState("");
  const [display, setDisplay] = useState("");
  const [lbl, setLbl] = useState("");
  return (
    <div className="border-t border-slate-100">
      <h3 className="px-4 pt-3 text-xs font-semibold tracking-wide text-slate-500 uppercase">Numbers</h3>
      <table className="mt-1 w-full text-sm">
        <thead className="text-left text-xs font-medium text-slate-500">
          <tr>
            <th className="px-4 py-2">Label</th>
            <th className="px-4 py-2">Display number</th>
            <th className="px-4 py-2">Phone number ID</th>
            <th className="px-4 py-2">Status</th>
            <th className="px-4 py-2">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {numbers.map((n) => (
            <NumberRow key={n.id} n={n} />
          ))}
        </tbody>
      </table>
      <form
        aria-label="Add a number"
        className="flex flex-wrap items-end gap-2 border-t border-slate-100 bg-slate-50/60 px-4 py-3"
        onSubmit={(e) => {
          e.preventDefault();
          run(
            () => addNumberAction({ phoneNumberId: pnid, displayNumber: display, label: lbl }),
            () => {
              setPnid("");
              setDisplay("");
              setLbl("");
            },
          );
        }}
      >
        <TextField
          id="new-pnid"
          label="Phone number ID"
          value={pnid}
          onChange={(e) => setPnid(e.target.value)}
          required
          className="w-48 font-mono"
        />
        <TextField
          id="new-display"
          label="Display number"
          value={display}
          onChange={(e) => setDisplay(e.target.value)}
          required
          placeholder="+1 555-000-3333"
          className="w-44"
        />
        <TextField
          id="new-label"
          label="Label"
          value={lbl}
          onChange={(e) => setLbl(e.target.value)}
          required
          placeholder="Billing"
          className="w-36"
        />
        <Button type="submit" variant="primary" pending={pending}>
          Add number
        </Button>
      </form>
    </div>
  );
}

function NumberRow({ n }: { n: WabaNumber }) {
  const { pending, run } = useRun();
  const [lbl, setLbl] = useState(n.label);
  return (
    <tr className={n.active ? "" : "text-slate-500"}>
      <td className="px-4 py-2">
        <form
          className="flex items-center gap-1.5"
          onSubmit={(e) => {
            e.preventDefault();
            run(() => updateNumberAction({ numberId: n.id, label: lbl }), "Label saved.");
          }}
        >
          <input
            aria-label={`Label of ${n.displayNumber}`}
            value={lbl}
            onChange={(e) => setLbl(e.target.value)}
            className={`${field} h-8 w-32`}
          />
          {lbl !== n.label && (
            <Button size="sm" type="submit" pending={pending}>
              Save
            </Button>
          )}
        </form>
      </td>
      <td className="px-4 py-2">{n.displayNumber}</td>
      <td className="px-4 py-2 font-mono text-xs">{n.phoneNumberId}</td>
      <td className="px-4 py-2">
        {n.active ? <Badge tone="emerald">Active</Badge> : <Badge>Disabled</Badge>}
      </td>
      <td className="px-4 py-2 text-right">
        <Button
          size="sm"
          variant="ghost"
          pending={pending}
          onClick={() =>
            run(
              () => updateNumberAction({ numberId: n.id, active: !n.active }),
              n.active ? "Number disabled." : "Number enabled.",
            )
          }
        >
          {n.active ? "Disable" : "Enable"}
        </Button>
      </td>
    </tr>
  );
}
