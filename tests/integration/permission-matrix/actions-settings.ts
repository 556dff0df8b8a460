import { deadWebhookItem, newTemplate } from "./fixture";
import type { ActionEntry } from "./types";

// lib/actions/settings.ts and lib/actions/failed-webhooks.ts: Settings, admins and owners only.
const settings = { module: "settings", needs: "settings.manage" as const, mutates: true };
const digits = () => String(Math.floor(Math.random() * 1e12)).padStart(12, "7");

export const settingsActions: ActionEntry[] = [
  // These three act on the caller's own business and name nothing of another one.
  { ...settings, name: "renameBusinessAction", input: async () => ({ name: `Renamed ${digits()}` }) },
  {
    ...settings,
    name: "setAutoCloseAction",
    input: async () => ({ minutes: 60 + Math.floor(Math.random() * 600) }),
  },
  {
    ...settings,
    name: "addNumberAction",
    input: async () => ({ phoneNumberId: digits(), displayNumber: "+1 555-010-0999", label: "New line" }),
  },
  {
    ...settings,
    name: "updateNumberAction",
    otherRefusal: "not_found",
    input: async (_fx, side) => ({ numberId: side.world.numbers[1].id, label: `Line ${digits()}` }),
  },
  {
    ...settings,
    name: "createTemplateAction",
    input: async () => ({ name: `tpl_${digits()}`, language: "en", body: "Thanks {{1}}" }),
  },
  {
    ...settings,
    name: "deleteTemplateAction",
    otherRefusal: "not_found",
    input: async (fx, side) => ({ templateId: await newTemplate(fx, side) }),
  },
  {
    module: "failed-webhooks",
    name: "retryDeadWebhookItemAction",
    needs: "settings.manage",
    mutates: true,
    otherRefusal: "not_found",
    input: async (fx, side) => ({ itemId: await deadWebhookItem(fx, side) }),
  },
];
