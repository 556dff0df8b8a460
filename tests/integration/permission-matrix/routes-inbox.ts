import { newestMessage, openConversation } from "./fixture";
import type { RouteEntry } from "./types";

// app/api/inbox/**, app/api/media and app/api/review: the inbox's JSON and the CSV exports.
// Another business's conversation or file answers 404, exactly like one that does not exist.
const base = "http://localhost:3000";

export const inboxRoutes: RouteEntry[] = [
  {
    file: "app/api/inbox/conversations/[id]/route.ts",
    method: "GET",
    needs: "conversation.view",
    mutates: false,
    otherStatus: 404,
    request: async (fx, side) => {
      const id = await openConversation(fx, side);
      return { url: `${base}/api/inbox/conversations/${id}`, params: { id } };
    },
  },
  {
    file: "app/api/inbox/conversations/[id]/messages/route.ts",
    method: "GET",
    needs: "conversation.view",
    mutates: false,
    otherStatus: 404,
    request: async (fx, side) => {
      const id = await openConversation(fx, side);
      const before = await newestMessage(fx, id);
      return { url: `${base}/api/inbox/conversations/${id}/messages?before=${before}`, params: { id } };
    },
  },
  {
    file: "app/api/inbox/counts/route.ts",
    method: "GET",
    needs: "conversation.view",
    mutates: false,
    request: async () => ({ url: `${base}/api/inbox/counts` }),
  },
  {
    file: "app/api/inbox/list/route.ts",
    method: "GET",
    needs: "conversation.view",
    mutates: false,
    request: async () => ({ url: `${base}/api/inbox/list?tab=assigned` }),
  },
  {
    file: "app/api/inbox/members/route.ts",
    method: "GET",
    needs: "conversation.manage_any",
    mutates: false,
    request: async () => ({ url: `${base}/api/inbox/members` }),
  },
  {
    file: "app/api/media/[id]/route.ts",
    method: "GET",
    needs: "conversation.view",
    mutates: false,
    otherStatus: 404,
    request: async (fx, side) => {
      const id = fx.media.get(side.world.biz.id)!;
      return { url: `${base}/api/media/${id}`, params: { id } };
    },
  },
  {
    file: "app/api/review/export/route.ts",
    method: "GET",
    needs: "conversation.manage_any",
    mutates: false,
    request: async () => ({ url: `${base}/api/review/export` }),
  },
  {
    file: "app/api/review/transcript/[id]/route.ts",
    method: "GET",
    needs: "conversation.manage_any",
    mutates: false,
    otherStatus: 404,
    request: async (fx, side) => {
      const id = await openConversation(fx, side);
      return { url: `${base}/api/review/transcript/${id}`, params: { id } };
    },
  },
];
