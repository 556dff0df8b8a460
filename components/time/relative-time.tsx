"use client";

import { useEffect, useState } from "react";
import { longRelative, shortRelative } from "./format";

/** A time that keeps itself fresh; the exact time is in the tooltip and the datetime attribute. */
export function RelativeTime({
  iso,
  variant = "short",
  className,
}: {
  iso: string;
  variant?: "short" | "long";
  className?: string;
}) {
  const now = useNow(30_000);
  const text = now ? (variant === "short" ? shortRelative(iso, now) : longRelative(iso, now)) : "";
  return (
    <time
      dateTime={iso}
      title={new Date(iso).toLocaleString("en-US")}
      className={className}
      suppressHydrationWarning
    >
      {text}
    </time>
  );
}

/** The current time, ticking every `ms` (null until mounted, so server and client HTML agree). */
export function useNow(ms: number): Date | null {
  const [now, setNow] = useState<Date | null>(null);
  useEffect(() => {
    setNow(new Date());
    const t = setInterval(() => setNow(new Date()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}
