import { sql } from "drizzle-orm";

/**
 * A member's current load — their Assigned conversations — as a column of a query over
 * `members`. Qualified by hand: in a single-table select drizzle renders `${members.id}`
 * unqualified, which inside this subquery would silently mean `c.id` and count nothing.
 */
export const assignedCountOfMember = sql<number>`(select count(*)::int from conversations c where c.assignee_id = "members"."id" and c.state = 'assigned')`;
