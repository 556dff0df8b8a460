"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "../../db/client";
import { addNumber, renameBusiness, setAutoClose, updateNumber } from "../services/settings/business";
import { createTemplate, deleteTemplate } from "../services/settings/templates";
import { withMember } from "./action-result";
import {
  addNumberSchema,
  autoCloseSchema,
  businessNameSchema,
  createTemplateSchema,
  templateIdSchema,
  updateNumberSchema,
} from "./settings.validation";

const invalid = {
  ok: false as const,
  code: "invalid_input",
  message: "That request was not understood. Reload and try again.",
};

function done<T extends { ok: boolean }>(r: T): T {
  if (r.ok) revalidatePath("/settings");
  return r;
}

export async function renameBusinessAction(input: unknown) {
  return withMember("settings.manage", async (me) => {
    const p = businessNameSchema.safeParse(input);
    if (!p.success) return invalid;
    return done(await renameBusiness(getDb(), { actorId: me.id, ...p.data }));
  });
}

export async function setAutoCloseAction(input: unknown) {
  return withMember("settings.manage", async (me) => {
    const p = autoCloseSchema.safeParse(input);
    if (!p.success) return invalid;
    return done(await setAutoClose(getDb(), { actorId: me.id, ...p.data }));
  });
}

export async function addNumberAction(input: unknown) {
  return withMember("settings.manage", async (me) => {
    const p = addNumberSchema.safeParse(input);
    if (!p.success) return invalid;
    return done(await addNumber(getDb(), { actorId: me.id, ...p.data }));
  });
}

export async function updateNumberAction(input: unknown) {
  return withMember("settings.manage", async (me) => {
    const p = updateNumberSchema.safeParse(input);
    if (!p.success) return invalid;
    return done(await updateNumber(getDb(), { actorId: me.id, ...p.data }));
  });
}

export async function createTemplateAction(input: unknown) {
  return withMember("settings.manage", async (me) => {
    const p = createTemplateSchema.safeParse(input);
    if (!p.success) return invalid;
    return done(await createTemplate(getDb(), { actorId: me.id, ...p.data }));
  });
}

export async function deleteTemplateAction(input: unknown) {
  return withMember("settings.manage", async (me) => {
    const p = templateIdSchema.safeParse(input);
    if (!p.success) return invalid;
    return done(await deleteTemplate(getDb(), { actorId: me.id, ...p.data }));
  });
}
