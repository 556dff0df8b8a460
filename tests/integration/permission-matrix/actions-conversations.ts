import { assignedTo, newestMessage, openConversation, peer } from "./fixture";
import type { ActionEntry } from "./types";

// lib/actions/conversations.ts. A conversation of the other business answers exactly like one
// that does not exist.
const conversation = { module: "conversations", otherRefusal: "not_found" };

export const conversationActions: ActionEntry[] = [
  {
    ...conversation,
    name: "replyAction",
    needs: "conversation.work_own",
    mutates: true,
    // their own Assigned conversation (T13): every role may reply to it
    input: async (fx, side, c) => {
      const conversationId = await assignedTo(fx, side, peer(side, c.role));
      return {
        conversationId,
        text: "On its way",
        basedOnMessageId: await newestMessage(fx, conversationId),
      };
    },
  },
  {
    ...conversation,
    name: "pickUpAction",
    needs: "conversation.work_own",
    mutates: true,
    input: async (fx, side) => ({ conversationId: await openConversation(fx, side) }),
  },
  {
    ...conversation,
    name: "assignAction",
    needs: "conversation.manage_any",
    mutates: true,
    input: async (fx, side) => ({
      conversationId: await openConversation(fx, side),
      targetMemberId: side.world.ben.id,
    }),
  },
  {
    ...conversation,
    name: "reassignAction",
    needs: "conversation.manage_any",
    mutates: true,
    input: async (fx, side) => ({
      conversationId: await assignedTo(fx, side, side.world.ben),
      targetMemberId: side.world.manager.id,
    }),
  },
  {
    ...conversation,
    name: "takeOverAction",
    needs: "conversation.manage_any",
    mutates: true,
    input: async (fx, side) => ({ conversationId: await assignedTo(fx, side, side.world.ben) }),
  },
  {
    ...conversation,
    name: "resolveAction",
    needs: "conversation.manage_any",
    lowerRoleRefusal: "not_assignee",
    mutates: true,
    // someone else's conversation: resolving their own is every role's, this one is a manager's
    input: async (fx, side) => ({ conversationId: await assignedTo(fx, side, side.world.ben) }),
  },
  {
    ...conversation,
    name: "returnToOpenAction",
    needs: "conversation.manage_any",
    lowerRoleRefusal: "not_assignee",
    mutates: true,
    input: async (fx, side) => ({ conversationId: await assignedTo(fx, side, side.world.ben) }),
  },
  {
    ...conversation,
    name: "markReadAction",
    needs: "conversation.view",
    mutates: true,
    input: async (fx, side) => ({ conversationId: await openConversation(fx, side) }),
  },
  {
    module: "conversations",
    name: "assignableMembersAction",
    needs: "conversation.manage_any",
    mutates: false,
    input: async () => undefined,
  },
];
