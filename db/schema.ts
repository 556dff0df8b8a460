import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { bytea } from "./bytea";
import { CLOSED_REASONS, STATES, TIMELINE_KINDS } from "../lib/domain/conversation-machine";
import { ROLES } from "../lib/domain/roles";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
const createdAt = () => ts("created_at").notNull().defaultNow();

export const conversationStateEnum = pgEnum("conversation_state", STATES);
export const closedReasonEnum = pgEnum("closed_reason", CLOSED_REASONS);
export const roleEnum = pgEnum("member_role", ROLES);
export const timelineKindEnum = pgEnum("timeline_kind", TIMELINE_KINDS);
export const messageDirectionEnum = pgEnum("message_direction", ["inbound", "outbound"]);
/** received: inbound. queued → sending → sent → delivered → read; failed is final. */
export const deliveryStatusEnum = pgEnum("delivery_status", [
  "received",
  "queued",
  "sending",
  "sent",
  "delivered",
  "read",
  "failed",
]);

/** A business account (BAN). `eventSeq` numbers its live events so clients can detect gaps. */
export const businesses = pgTable(
  "businesses",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    wabaId: text("waba_id").notNull().unique(),
    /** null = the AUTO_CLOSE_AFTER_MINUTES default */
    autoCloseMinutes: integer("auto_close_minutes"),
    eventSeq: bigint("event_seq", { mode: "number" }).notNull().default(0),
    // Tab counts are maintained by the service layer in the same transaction as each change.
    openCount: integer("open_count").notNull().default(0),
    assignedCount: integer("assigned_count").notNull().default(0),
    closedCount: integer("closed_count").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    check(
      "auto_close_range",
      sql`${t.autoCloseMinutes} IS NULL OR ${t.autoCloseMinutes} BETWEEN 1 AND 43200`,
    ),
  ],
);

export const wabaNumbers = pgTable(
  "waba_numbers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    businessId: uuid("business_id")
      .notNull()
      .references(() => businesses.id),
    phoneNumberId: text("phone_number_id").notNull().unique(),
    displayNumber: text("display_number").notNull(),
    label: text("label").notNull(),
    active: boolean("active").notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [index("waba_numbers_business_idx").on(t.businessId)],
);

export const members = pgTable(
  "members",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    businessId: uuid("business_id")
      .notNull()
      .references(() => businesses.id),
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: roleEnum("role").notNull(),
    active: boolean("active").notNull().default(true),
    passwordHash: text("password_hash"),
    /**
     * Carried in the session token and compared on every request and socket handshake: bumping
     * it (sign out, password change, deactivation, reactivation) ends every session at once.
     */
    sessionVersion: integer("session_version").notNull().default(1),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("members_email_unique").on(sql`lower(${t.email})`),
    index("members_business_idx").on(t.businessId),
  ],
);

export const customers = pgTable(
  "customers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    businessId: uuid("business_id")
      .notNull()
      .references(() => businesses.id),
    waId: text("wa_id"),
    userId: text("user_id"),
    username: text("username"),
    profileName: text("profile_name"),
    createdAt: createdAt(),
  },
  (t) => [
    check("customer_has_id", sql`${t.waId} IS NOT NULL OR ${t.userId} IS NOT NULL`),
    uniqueIndex("customers_business_wa_id").on(t.businessId, t.waId).where(sql`${t.waId} IS NOT NULL`),
    uniqueIndex("customers_business_user_id").on(t.businessId, t.userId).where(sql`${t.userId} IS NOT NULL`),
  ],
);

export const conversations = pgTable(
  "conversations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    businessId: uuid("business_id")
      .notNull()
      .references(() => businesses.id),
    numberId: uuid("number_id")
      .notNull()
      .references(() => wabaNumbers.id),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id),
    state: conversationStateEnum("state").notNull().default("open"),
    assigneeId: uuid("assignee_id").references(() => members.id),
    assignedAt: ts("assigned_at"),
    lastCustomerMessageAt: ts("last_customer_message_at"),
    lastActivityAt: ts("last_activity_at").notNull().defaultNow(),
    lastMessagePreview: text("last_message_preview"),
    lastMessageId: uuid("last_message_id"),
    closedReason: closedReasonEnum("closed_reason"),
    closedById: uuid("closed_by_id").references(() => members.id),
    closedAt: ts("closed_at"),
    /** The 24-hour window is shut early when Meta answers 131047 for this conversation. */
    windowClosedAt: ts("window_closed_at"),
    firstReplyAt: ts("first_reply_at"),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    check(
      "assignee_iff_assigned",
      sql`(${t.state} = 'assigned') = (${t.assigneeId} IS NOT NULL AND ${t.assignedAt} IS NOT NULL)`,
    ),
    check("closed_reason_iff_closed", sql`(${t.state} = 'closed') = (${t.closedReason} IS NOT NULL)`),
    // At most one live conversation per (number, customer); a Closed one reopens instead (SPEC §1).
    uniqueIndex("conversations_one_live_per_pair")
      .on(t.numberId, t.customerId)
      .where(sql`${t.state} IN ('open', 'assigned')`),
    index("conversations_list_idx").on(t.businessId, t.state, t.lastActivityAt.desc(), t.id.desc()),
    index("conversations_pair_idx").on(t.numberId, t.customerId, t.createdAt.desc()),
    index("conversations_customer_idx").on(t.customerId),
    index("conversations_assignee_idx").on(t.assigneeId).where(sql`${t.state} = 'assigned'`),
    // The auto-close sweep scans only Assigned rows, by the clock start it is due from.
    index("conversations_autoclose_idx")
      .on(sql`greatest(${t.lastCustomerMessageAt}, ${t.assignedAt})`)
      .where(sql`${t.state} = 'assigned'`),
  ],
);

export const templates = pgTable(
  "templates",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    businessId: uuid("business_id")
      .notNull()
      .references(() => businesses.id),
    name: text("name").notNull(),
    language: text("language").notNull().default("en_US"),
    body: text("body").notNull(),
    /** Quick-reply button labels, in order; their payloads come back in `button.payload`. */
    quickReplies: jsonb("quick_replies").$type<string[]>().notNull().default([]),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("templates_business_name_lang").on(t.businessId, t.name, t.language)],
);

export const campaigns = pgTable(
  "campaigns",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    businessId: uuid("business_id")
      .notNull()
      .references(() => businesses.id),
    name: text("name").notNull(),
    templateId: uuid("template_id")
      .notNull()
      .references(() => templates.id),
    numberId: uuid("number_id")
      .notNull()
      .references(() => wabaNumbers.id),
    createdById: uuid("created_by_id").references(() => members.id),
    parameters: jsonb("parameters").$type<string[]>().notNull().default([]),
    recipientCount: integer("recipient_count").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [index("campaigns_business_idx").on(t.businessId, t.createdAt.desc())],
);

export const messages = pgTable(
  "messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    businessId: uuid("business_id")
      .notNull()
      .references(() => businesses.id),
    numberId: uuid("number_id")
      .notNull()
      .references(() => wabaNumbers.id),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id),
    /** null for campaign messages, which never appear in the inbox */
    conversationId: uuid("conversation_id").references(() => conversations.id),
    campaignId: uuid("campaign_id").references(() => campaigns.id),
    direction: messageDirectionEnum("direction").notNull(),
    type: text("type").notNull(),
    body: text("body"),
    /** The type-specific object (media ids, location, reaction, template parameters…) */
    payload: jsonb("payload").$type<Record<string, unknown>>(),
    wamid: text("wamid").unique(),
    status: deliveryStatusEnum("status").notNull(),
    errorCode: integer("error_code"),
    errorMessage: text("error_message"),
    /** The wamid this message answers (`context.id` in, `context.message_id` out) */
    replyToWamid: text("reply_to_wamid"),
    authorId: uuid("author_id").references(() => members.id),
    /** Meta's timestamp for inbound; our commit time for outbound */
    sentAt: ts("sent_at").notNull().defaultNow(),
    // Outbox bookkeeping: the worker claims queued rows with FOR UPDATE SKIP LOCKED.
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: ts("next_attempt_at"),
    /**
     * Who holds the `sending` row: a fresh token per claim. Every write after the claim is
     * fenced on it together with `attempts`, which a member's Retry resets and so cannot tell
     * two claims apart on its own.
     */
    leaseToken: uuid("lease_token"),
    statusAt: ts("status_at"),
    createdAt: createdAt(),
    /** insertion order: breaks ties between messages stored in the same millisecond */
    ordinal: bigserial("ordinal", { mode: "number" }).notNull(),
  },
  (t) => [
    index("messages_conversation_idx").on(t.conversationId, t.createdAt),
    index("messages_campaign_idx").on(t.campaignId).where(sql`${t.campaignId} IS NOT NULL`),
    // The outbox claim: per number, replies before campaign rows, oldest due first.
    index("messages_outbox_claim_idx")
      .on(t.numberId, sql`(${t.campaignId} IS NOT NULL)`, t.nextAttemptAt)
      .where(sql`${t.status} IN ('queued', 'sending')`),
    index("messages_body_fts").using("gin", sql`to_tsvector('simple', coalesce(${t.body}, ''))`),
    // The media route's ownership lookup (lib/whatsapp/media-owner.ts) filters on exactly this
    // expression; without the index it scans every message of every business.
    index("messages_media_id_idx")
      .on(t.businessId, sql`(${t.payload} -> ${t.type} ->> 'id')`)
      .where(sql`(${t.payload} -> ${t.type} ->> 'id') IS NOT NULL`),
  ],
);

/** Statuses are deduplicated on (wamid, status), as WHATSAPP.md §4 asks. */
export const messageStatusEvents = pgTable(
  "message_status_events",
  {
    wamid: text("wamid").notNull(),
    status: text("status").notNull(),
    occurredAt: ts("occurred_at").notNull(),
    errorCode: integer("error_code"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.wamid, t.status] }),
    // The retention sweep deletes by age.
    index("message_status_events_created").on(t.createdAt),
  ],
);

export const conversationEvents = pgTable(
  "conversation_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    businessId: uuid("business_id")
      .notNull()
      .references(() => businesses.id),
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => conversations.id),
    kind: timelineKindEnum("kind").notNull(),
    /** null = the system */
    actorId: uuid("actor_id").references(() => members.id),
    fromState: conversationStateEnum("from_state"),
    toState: conversationStateEnum("to_state").notNull(),
    fromAssigneeId: uuid("from_assignee_id").references(() => members.id),
    toAssigneeId: uuid("to_assignee_id").references(() => members.id),
    createdAt: createdAt(),
    /** insertion order: breaks ties between events written in the same millisecond */
    ordinal: bigserial("ordinal", { mode: "number" }).notNull(),
  },
  (t) => [index("conversation_events_conv_idx").on(t.conversationId, t.createdAt)],
);

/** Per-member read position: unread = inbound messages after lastReadAt. */
export const conversationReads = pgTable(
  "conversation_reads",
  {
    memberId: uuid("member_id")
      .notNull()
      .references(() => members.id),
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => conversations.id),
    lastReadAt: ts("last_read_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.conversationId] })],
);

/** Every webhook body, stored before the 200 goes out (there is no API to fetch past webhooks). */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    body: jsonb("body").notNull(),
    receivedAt: ts("received_at").notNull().defaultNow(),
    processedAt: ts("processed_at"),
    error: text("error"),
    /**
     * When the retry sweep may take this delivery if it is still unprocessed (the request that
     * stored it is given a head start); each sweep attempt pushes it back with backoff.
     */
    nextAttemptAt: ts("next_attempt_at"),
    attempts: integer("attempts").notNull().default(0),
  },
  (t) => [
    index("webhook_deliveries_due").on(t.nextAttemptAt).where(sql`${t.processedAt} IS NULL`),
    index("webhook_deliveries_processed").on(t.processedAt).where(sql`${t.processedAt} IS NOT NULL`),
  ],
);

/**
 * One item of a stored delivery (a message, a reaction, or one change's statuses) whose
 * processing threw: retried with backoff by `next_attempt_at`, dead-lettered after repeated
 * failure with the reason, shown to the business's admins. The item's own JSON is kept here, so
 * it can be retried after the delivery's body is gone.
 */
export const webhookFailedItems = pgTable(
  "webhook_failed_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    deliveryId: uuid("delivery_id").references(() => webhookDeliveries.id, { onDelete: "set null" }),
    /** the business owning the item's number, when known: whose admins see it */
    businessId: uuid("business_id").references(() => businesses.id),
    /** message | reaction | statuses */
    kind: text("kind").notNull(),
    /** what makes the item itself unique: the wamid, or delivery/entry/change for statuses */
    itemKey: text("item_key").notNull().unique(),
    item: jsonb("item").notNull(),
    attempts: integer("attempts").notNull().default(1),
    nextAttemptAt: ts("next_attempt_at"),
    lastError: text("last_error").notNull(),
    deadAt: ts("dead_at"),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("webhook_failed_items_due").on(t.nextAttemptAt).where(sql`${t.deadAt} IS NULL`),
    index("webhook_failed_items_dead").on(t.businessId, t.deadAt).where(sql`${t.deadAt} IS NOT NULL`),
    index("webhook_failed_items_delivery").on(t.deliveryId),
  ],
);

/**
 * Updates that reached no business: a number no business owns, or a value whose entry is not
 * the WABA of the number's business. Kept per entry, shown only to the business whose WABA sent
 * them (`entry_id`).
 */
export const unroutableWebhooks = pgTable(
  "unroutable_webhooks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    deliveryId: uuid("delivery_id").references(() => webhookDeliveries.id, { onDelete: "set null" }),
    /** `entry[].id` as Meta sent it: the WhatsApp Business Account the update came from */
    entryId: text("entry_id"),
    phoneNumberId: text("phone_number_id"),
    displayPhoneNumber: text("display_phone_number"),
    value: jsonb("value").notNull(),
    receivedAt: ts("received_at").notNull().defaultNow(),
  },
  (t) => [
    index("unroutable_webhooks_entry").on(t.entryId, t.receivedAt.desc()),
    index("unroutable_webhooks_received").on(t.receivedAt),
  ],
);

/**
 * Sends per business number per second, shared by every app instance, so several instances
 * together stay within WhatsApp's per-number throughput (WHATSAPP.md §5.1).
 */
/**
 * A member's send, remembered by the key the client chose for it, so that a double press or a
 * retry after a lost answer returns the first result instead of sending again. One key covers
 * one action (a reply, a template, a retry, a campaign), whatever number of messages it made.
 */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    businessId: uuid("business_id")
      .notNull()
      .references(() => businesses.id),
    key: text("key").notNull(),
    /** what the key was used for ("reply:<conversation id>", "campaign"…): a reuse elsewhere is refused */
    action: text("action").notNull(),
    result: jsonb("result").$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.businessId, t.key] })],
);

export const sendRateWindows = pgTable(
  "send_rate_windows",
  {
    key: text("key").notNull(),
    second: bigint("second", { mode: "number" }).notNull(),
    count: integer("count").notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.second] })],
);

/**
 * Customer files, kept because WhatsApp's media ids expire after 7 days (and the simulator's
 * uploads exist only here). `usedAt` is refreshed when a file is served, at most daily; rows
 * unused for MEDIA_CACHE_RETENTION_DAYS are pruned.
 */
export const mediaCache = pgTable(
  "media_cache",
  {
    mediaId: text("media_id").primaryKey(),
    businessId: uuid("business_id")
      .notNull()
      .references(() => businesses.id),
    mimeType: text("mime_type").notNull(),
    bytes: bytea("bytes").notNull(),
    fetchedAt: ts("fetched_at").notNull().defaultNow(),
    usedAt: ts("used_at").notNull().defaultNow(),
  },
  (t) => [index("media_cache_used_idx").on(t.usedAt)],
);

export const invites = pgTable("invites", {
  id: uuid("id").primaryKey().defaultRandom(),
  businessId: uuid("business_id")
    .notNull()
    .references(() => businesses.id),
  email: text("email").notNull(),
  role: roleEnum("role").notNull(),
  tokenHash: text("token_hash").notNull().unique(),
  invitedById: uuid("invited_by_id").references(() => members.id),
  expiresAt: ts("expires_at").notNull(),
  usedAt: ts("used_at"),
  createdAt: createdAt(),
});

/** Failed sign-ins, for throttling per account and per IP. */
export const loginAttempts = pgTable(
  "login_attempts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    ip: text("ip").notNull(),
    at: ts("at").notNull().defaultNow(),
  },
  (t) => [
    index("login_attempts_email_idx").on(t.email, t.at),
    index("login_attempts_ip_idx").on(t.ip, t.at),
    // The retention sweep deletes by age.
    index("login_attempts_at_idx").on(t.at),
    index("login_attempts_email_ip_idx").on(t.email, t.ip, t.at),
  ],
);

/** One-time password reset links an admin hands to a member; only the token's hash is kept. */
export const passwordResets = pgTable(
  "password_resets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    memberId: uuid("member_id")
      .notNull()
      .references(() => members.id),
    tokenHash: text("token_hash").notNull().unique(),
    createdById: uuid("created_by_id").references(() => members.id),
    expiresAt: ts("expires_at").notNull(),
    usedAt: ts("used_at"),
    createdAt: createdAt(),
  },
  (t) => [index("password_resets_member_idx").on(t.memberId)],
);

export type Business = typeof businesses.$inferSelect;
export type WabaNumber = typeof wabaNumbers.$inferSelect;
export type Member = typeof members.$inferSelect;
export type Customer = typeof customers.$inferSelect;
export type Conversation = typeof conversations.$inferSelect;
export type Message = typeof messages.$inferSelect;
export type NewMessage = typeof messages.$inferInsert;
export type ConversationEventRow = typeof conversationEvents.$inferSelect;
export type Template = typeof templates.$inferSelect;
export type Campaign = typeof campaigns.$inferSelect;
