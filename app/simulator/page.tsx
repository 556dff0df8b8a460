import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { getConfig } from "@/lib/config";
import { getCurrentMember } from "@/lib/session";
import { simulatorNumbers } from "@/lib/whatsapp/simulator/store";
import { SimulatorApp } from "./simulator-app";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "WhatsApp simulator · Switchboard" };

/**
 * Play a customer: pick a business number, write, send an image, tap a campaign's quick reply,
 * and watch the business's replies arrive with their receipts. Only while the simulator is on, and
 * only for a signed-in member, on their own business's numbers (SPEC §3).
 */
export default async function SimulatorPage() {
  if (!getConfig().simulator) notFound();
  const me = await getCurrentMember();
  if (!me) redirect("/login?next=/simulator");
  const numbers = await simulatorNumbers(getDb(), me.businessId);
  return <SimulatorApp numbers={numbers} />;
}
