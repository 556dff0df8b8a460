"use client";

import { useEffect, useRef, useState } from "react";
import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, LiveEvent, PresencePayload, ServerToClientEvents } from "../events";
import { trackAway } from "./away-tracker";
import { onConnectError, retryDelayMs } from "./handshake-retry";
import { SeqTracker } from "./seq-tracker";

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type LiveStatus = "connecting" | "live" | "offline";

export interface LiveHandlers {
  /** a sequenced event, in order */
  onEvent: (e: LiveEvent) => void;
  /** the client may have missed events (a gap, or a reconnect): refetch everything shown */
  onResync: () => void;
  onPresence?: (p: PresencePayload) => void;
}

/**
 * The page's Socket.IO connection. Signed in by the session cookie; the server puts the socket
 * in its business's room. Tracks `seq` to detect gaps, catches up after every reconnect, and
 * leaves for /login when the server ends the session (sign-out, deactivation, password change)
 * or refuses the handshake as `unauthorized`. Any other refusal (`unavailable`: the server could
 * not reach its database) keeps the page, shows it reconnecting, and retries with backoff.
 */
export function useLiveEvents(initialSeq: number, handlers: LiveHandlers) {
  const ref = useRef(handlers);
  ref.current = handlers;
  const [socket, setSocket] = useState<LiveSocket | null>(null);
  const [status, setStatus] = useState<LiveStatus>("connecting");
  // Only seeds the tracker: the connection lives as long as the page.
  const seedSeq = useRef(initialSeq);

  useEffect(() => {
    const tracker = new SeqTracker(seedSeq.current);
    const s: LiveSocket = io({ transports: ["websocket", "polling"], reconnectionDelayMax: 3000 });
    let everConnected = false;
    let ended = false;
    let retries = 0;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;

    const leave = () => {
      if (ended) return;
      ended = true;
      s.disconnect();
      window.location.assign("/login");
    };

    s.on("connect", () => {
      retries = 0;
      setStatus("live");
      // Anything could have happened while we were away, including before the first connect.
      if (everConnected || tracker.current !== null) ref.current.onResync();
      everConnected = true;
    });
    s.on("disconnect", () => {
      if (!ended) setStatus("offline");
    });
    s.on("connect_error", (err) => {
      setStatus("offline");
      const next = onConnectError(err.message, s.active);
      if (next === "sign_in") return leave();
      if (next === "retry") {
        clearTimeout(retryTimer);
        retryTimer = setTimeout(() => {
          if (!ended && !s.connected) s.connect();
        }, retryDelayMs(retries++));
      }
    });
    s.on("event", (e) => {
      const r = tracker.see(e.seq);
      if (r === "stale") return;
      ref.current.onEvent(e);
      if (r === "gap") ref.current.onResync();
    });
    s.on("presence", (p) => ref.current.onPresence?.(p));
    s.on("session.ended", () => leave());

    // The browser knows before Socket.IO's heartbeat does: drop and resume with the network.
    const offline = () => {
      setStatus("offline");
      s.disconnect();
    };
    const online = () => {
      if (!ended && !s.connected) s.connect();
    };
    window.addEventListener("offline", offline);
    window.addEventListener("online", online);
    const stopAway = trackAway(s);
    setSocket(s);
    return () => {
      ended = true;
      clearTimeout(retryTimer);
      stopAway();
      window.removeEventListener("offline", offline);
      window.removeEventListener("online", online);
      s.disconnect();
    };
  }, []);

  return { socket, status };
}
