import type { InputHTMLAttributes } from "react";
import { field, label } from "./use-run";

/** A labelled text input in the settings forms' style; extra classes size the input. */
export function TextField({
  id,
  label: text,
  className,
  ...input
}: { id: string; label: string } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <div>
      <label htmlFor={id} className={label}>
        {text}
      </label>
      <input id={id} {...input} className={className ? `${field} ${className}` : field} />
    </div>
  );
}
