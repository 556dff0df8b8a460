"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { useLiveEvents } from "@/lib/realtime/client/use-live-events";

/**
 * Keeps a campaign page current: refreshes (throttled) when a status of this campaign changes on
 * the live channel, and polls every 2 s while messages are still pending in case events are missed.
 */
export function LiveRefresh({
  campaignId,
  initialSeq,
  pending,
}: {
  campaignId: string;
  initialSeq: number;
  pending: boolean;
}) {
  const router = useRouter();
  const due = useRef(false);
  useLiveEvents(initialSeq, {
    onEvent: (e) => {
      if (e.type === "message.status_changed" && e.campaignId === campaignId) due.current = true;
    },
    onResync: () => {
      due.current = true;
    },
  });
  useEffect(() => {
    const t = setInterval(() => {
      if (due.current || pending) {
        due.current = false;
        router.refresh();
      }
    }, 2000);
    return () => clearInterval(t);
  }, [router, pending]);
  return null;
}
