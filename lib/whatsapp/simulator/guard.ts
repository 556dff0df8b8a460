import { getConfig } from "../../config";

/** The simulator's routes exist only while the simulator is on (no WHATSAPP_ACCESS_TOKEN). */
export function simulatorOff(): Response | null {
  return getConfig().simulator ? null : new Response("Not found", { status: 404 });
}
