import { type ActionAnswer, actionId, callAction } from "./member-client";

/**
 * One member replying through the real `replyAction`, one send at a time as a person does,
 * round robin over her conversations. Every attempt and what the page would show is kept.
 */
export interface ReplyAttempt {
  conversationId: string;
  text: string;
  answer: ActionAnswer;
}

export class ReplyLoad {
  readonly attempts: ReplyAttempt[] = [];
  private readonly basedOn = new Map<string, string | null>();
  private readonly id = actionId("lib/actions/conversations.ts", "replyAction");
  private n = 0;

  constructor(
    private readonly target: () => string,
    private readonly cookie: string,
    conversations: { id: string; lastMessageId: string | null }[],
    private readonly tag: string,
  ) {
    for (const c of conversations) this.basedOn.set(c.id, c.lastMessageId);
  }

  async replyOnce(conversationId: string): Promise<ReplyAttempt> {
    const text = `${this.tag} reply ${++this.n}`;
    const answer = await callAction(this.target(), this.cookie, this.id, [
      { conversationId, text, basedOnMessageId: this.basedOn.get(conversationId) ?? null },
    ]);
    if (answer.kind === "result") {
      const v = answer.value as {
        ok: boolean;
        messageId?: string;
        code?: string;
        data?: { lastMessageId?: string };
      };
      if (v.ok && v.messageId) this.basedOn.set(conversationId, v.messageId);
      else if (v.code === "stale") this.basedOn.set(conversationId, v.data?.lastMessageId ?? null);
    }
    const a = { conversationId, text, answer };
    this.attempts.push(a);
    return a;
  }

  /** One reply to each conversation at once, as a team answering together. */
  async burst(): Promise<ReplyAttempt[]> {
    return Promise.all([...this.basedOn.keys()].map((id) => this.replyOnce(id)));
  }

  /** Reply every `everyMs` until `until()` says so or `maxMs` passed. */
  async run(opts: { everyMs: number; until: () => boolean; maxMs: number }): Promise<void> {
    const ids = [...this.basedOn.keys()];
    const end = Date.now() + opts.maxMs;
    let i = 0;
    while (Date.now() < end && !opts.until()) {
      const started = Date.now();
      await this.replyOnce(ids[i++ % ids.length]);
      const wait = opts.everyMs - (Date.now() - started);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
  }

  accepted(): ReplyAttempt[] {
    return this.attempts.filter((a) => a.answer.kind === "result" && a.answer.value.ok);
  }

  /** Refused by the service (ok: false with a message) or failed outright (HTTP error). */
  notAccepted(): ReplyAttempt[] {
    return this.attempts.filter((a) => !(a.answer.kind === "result" && a.answer.value.ok));
  }
}
