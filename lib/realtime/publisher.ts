import type { LiveEvent } from "./events";

/**
 * The one interface through which the service layer announces committed changes.
 * The server installs a Socket.IO implementation; until then (and in tests) events are recorded.
 */
export interface Publisher {
  publish(events: LiveEvent[]): void;
  /** Cut a member off at once: their sockets get `session.ended` and are disconnected. */
  endMemberSessions?(memberId: string, reason: string): void;
}

export class RecordingPublisher implements Publisher {
  readonly events: LiveEvent[] = [];
  readonly ended: string[] = [];
  publish(events: LiveEvent[]): void {
    this.events.push(...events);
  }
  endMemberSessions(memberId: string): void {
    this.ended.push(memberId);
  }
}

const g = globalThis as unknown as { __switchboardPublisher?: Publisher };

export function setPublisher(p: Publisher): void {
  g.__switchboardPublisher = p;
}

export function getPublisher(): Publisher {
  g.__switchboardPublisher ??= new RecordingPublisher();
  return g.__switchboardPublisher;
}
