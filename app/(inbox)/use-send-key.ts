"use client";

import { useRef } from "react";
import { newSendKey } from "./inbox/[tab]/draft-store";

/**
 * The idempotency key of a send attempt: the same request (same `what`) sent again after a lost
 * answer reuses its key, so the server does it once; a different request gets a new key.
 * Call `done()` once the server confirmed the send.
 */
export function useSendKey() {
  const last = useRef<{ what: string; key: string } | null>(null);
  return {
    keyFor(what: string): string {
      if (last.current?.what !== what) last.current = { what, key: newSendKey() };
      return last.current.key;
    },
    done(): void {
      last.current = null;
    },
  };
}
