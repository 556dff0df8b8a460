import { z } from "zod";
import { storableText } from "../validation/storable-text";
import { ROLES } from "../domain/roles";

const id = z.string().uuid();

export const inviteSchema = z.object({ email: storableText().trim().min(3).max(320), role: z.enum(ROLES) });
export const revokeInviteSchema = z.object({ inviteId: id });
export const changeRoleSchema = z.object({ memberId: id, role: z.enum(ROLES) });
export const memberIdSchema = z.object({ memberId: id });
export const acceptInviteSchema = z.object({
  token: z.string().min(10).max(200),
  name: storableText().max(200),
  password: z.string().max(1024),
});

export type InviteInput = z.infer<typeof inviteSchema>;
export type ChangeRoleInput = z.infer<typeof changeRoleSchema>;
